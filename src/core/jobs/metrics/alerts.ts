import { msg } from '../../dataset/messageTemplate';
import type { MetricPoint } from './metricPoint';

export type AlertKind = 'non-finite-loss' | 'zero-loss' | 'grad-norm-spike' | 'kl-negative' | 'kl-runaway' | 'dpo-stuck';

export interface TrainingAlert {
  kind: AlertKind;
  /** Index of the point in the series that raised it. */
  index: number;
  step?: number;
  /** English template with `{0}` placeholders. */
  message: string;
  args: Array<string | number>;
}

const LN2 = Math.log(2);

/**
 * Watches points as they arrive and raises the failure signs the fine-tuning rules name:
 * NaN/inf or exactly-zero loss, gradient-norm spikes (exploding gradients), a negative or
 * run-away KL (PPO instability, reward hacking), and a DPO loss stuck at ln 2 ≈ 0.693 (the
 * policy is not separating chosen from rejected). Each kind is raised once per episode.
 */
export class AlertDetector {
  private readonly gradNorms: number[] = [];
  private readonly kls: number[] = [];
  private dpoFlat = 0;
  private lossPoints = 0;
  private active = new Set<AlertKind>();
  private lastSpike = -Infinity;
  private readonly raisedAt = new Set<string>();

  constructor(private readonly stage?: string) {}

  add(point: MetricPoint, index: number): TrainingAlert[] {
    const alerts: TrainingAlert[] = [];
    const raise = (kind: AlertKind, message: string, args: Array<string | number>) => {
      if (this.active.has(kind) || this.alreadyRaised(kind, point.step)) return;
      this.active.add(kind);
      alerts.push({ kind, index, step: point.step, message, args });
    };
    const clear = (kind: AlertKind) => this.active.delete(kind);
    const v = point.values;
    const at = point.step ?? index;

    for (const key of ['loss', 'eval_loss']) {
      if (!(key in v)) continue;
      if (!Number.isFinite(v[key])) raise('non-finite-loss', msg('{0} is {1} at step {2}: training has diverged (check the learning rate, fp16 overflow, bad records).'), [key, String(v[key]), at]);
      else clear('non-finite-loss');
    }
    if ('loss' in v && Number.isFinite(v.loss)) {
      this.lossPoints++;
      if (v.loss === 0) raise('zero-loss', msg('loss is exactly 0 at step {0}: usually every label is masked or the data is broken, not a perfect model.'), [at]);
      else clear('zero-loss');
      if (this.isPreference(v)) {
        this.dpoFlat = Math.abs(v.loss - LN2) < 0.005 ? this.dpoFlat + 1 : 0;
        if (this.dpoFlat >= 20 && this.lossPoints > 20) raise('dpo-stuck', msg('The DPO loss has stayed at ln 2 ≈ 0.693 for {0} logs (step {1}): the policy is not separating chosen from rejected answers.'), [this.dpoFlat, at]);
        else if (this.dpoFlat === 0) clear('dpo-stuck');
      }
    }
    if ('grad_norm' in v && Number.isFinite(v.grad_norm)) {
      const recent = this.gradNorms.slice(-20);
      const median = medianOf(recent);
      if (recent.length >= 5 && v.grad_norm > 10 * median && v.grad_norm > 1 && index - this.lastSpike > 20 && !this.alreadyRaised('grad-norm-spike', point.step)) {
        this.lastSpike = index;
        alerts.push({ kind: 'grad-norm-spike', index, step: point.step, message: msg('grad_norm {0} at step {1} is {2}× the recent median: a gradient explosion is starting (clip with max_grad_norm, lower the learning rate).'), args: [round(v.grad_norm), at, round(v.grad_norm / median)] });
      }
      this.gradNorms.push(v.grad_norm);
    }
    if ('kl' in v && Number.isFinite(v.kl)) {
      if (v.kl < -0.01) raise('kl-negative', msg('KL is negative ({0}) at step {1}: the estimate is broken, often by sampling settings (temperature, top_k) that differ between generation and scoring.'), [round(v.kl), at]);
      else clear('kl-negative');
      const early = medianOf(this.kls.slice(0, 10));
      const runaway = this.kls.length >= 10 && ((early > 0.05 && v.kl > 10 * early) || v.kl > 20);
      if (runaway) raise('kl-runaway', msg('KL has run away to {0} at step {1}: the policy is drifting from the reference (reward hacking or collapse); raise the KL coefficient or lower the learning rate.'), [round(v.kl), at]);
      this.kls.push(v.kl);
    }
    return alerts;
  }

  /**
   * The same step logged twice (trainer_log.jsonl and the Trainer's stdout carry the same
   * values) raises an alert once.
   */
  private alreadyRaised(kind: AlertKind, step: number | undefined): boolean {
    if (step === undefined) return false;
    const key = `${kind}@${step}`;
    if (this.raisedAt.has(key)) return true;
    this.raisedAt.add(key);
    return false;
  }

  private isPreference(values: Record<string, number>): boolean {
    return this.stage === 'dpo' || 'reward_margin' in values || 'reward_accuracy' in values;
  }
}

function medianOf(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
