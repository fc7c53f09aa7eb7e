import { msg } from '../../../shared/messageTemplate';
import type { Algorithm } from './algorithm';
import { algorithmFromMetrics, algorithmOf, PREFERENCE } from './algorithm';
import type { MetricPoint } from './metricPoint';
import { History, medianOf, round } from './metricHistory';
import type { AlertKind, Raise, TrainingAlert } from './alertKinds';
import { grpoAlerts, klAlerts, preferenceAlerts } from './rlAlerts';

/**
 * Watches points as they arrive and raises the failure signs the fine-tuning rules name, knowing
 * the algorithm (from the config's stage, or the metrics the run logs):
 * - every run: NaN/inf loss, gradient-norm explosions;
 * - SFT / pre-training: an exactly-zero loss, a loss spike;
 * - DPO / ORPO / KTO: see rlAlerts.ts (ln 2, margins, accuracy, chosen rewards);
 * - PPO and GRPO: KL negative or running away, reward hacking; GRPO's own signals. A zero loss
 *   is normal in GRPO (the loss is 0 whenever the KL term is off or the advantages cancel).
 * Each kind is raised once per episode, and once per step when two logs carry the same step.
 */
export class AlertDetector {
  private readonly history = new History();
  private algorithm: Algorithm | undefined;
  private readonly active = new Set<AlertKind>();
  private readonly raisedAt = new Set<string>();
  private lastGradSpike = -Infinity;

  /** `hint`: the run's algorithm or its LLaMA-Factory stage, when the config says. */
  constructor(hint?: string) {
    this.algorithm = hint ? (algorithmOf({ stage: hint, rl: hint }) ?? undefined) : undefined;
  }

  add(point: MetricPoint, index: number): TrainingAlert[] {
    const alerts: TrainingAlert[] = [];
    const v = point.values;
    this.algorithm ??= algorithmFromMetrics(v);
    const raise: Raise = (kind, message, args, severity = 'warning') => {
      if (this.active.has(kind) || this.alreadyRaised(kind, point.step)) return;
      this.active.add(kind);
      alerts.push({ kind, severity, index, step: point.step, message, args });
    };
    const clear = (kind: AlertKind) => this.active.delete(kind);
    const at = point.step ?? index;
    // The same step from trainer_log.jsonl and stdout is one observation, not two.
    const fresh = this.history.observe(v, point.step);

    for (const key of ['loss', 'eval_loss']) {
      if (!(key in v)) continue;
      if (!Number.isFinite(v[key]))
        raise(
          'non-finite-loss',
          msg(
            '{0} is {1} at step {2}: training has diverged. Lower the learning rate, use bf16 instead of fp16 (fp16 overflows), and look for broken records.',
          ),
          [key, String(v[key]), at],
        );
      else clear('non-finite-loss');
    }
    if (!fresh.size) return alerts;
    if (fresh.has('loss')) this.sftRules(v, at, raise, clear);
    if (fresh.has('grad_norm')) this.gradNorm(v, at, index, point.step, alerts);
    const algorithm = this.algorithm;
    if (algorithm && PREFERENCE.has(algorithm)) preferenceAlerts(this.history, fresh, algorithm, at, raise, clear);
    // KTO logs a `kl` of its own (its reference point), not a policy drift: only PPO and GRPO.
    if (fresh.has('kl') && (algorithm === 'ppo' || algorithm === 'grpo' || algorithm === undefined)) klAlerts(this.history, at, raise, clear);
    if (algorithm === 'grpo') grpoAlerts(this.history, fresh, at, raise, clear);
    return alerts;
  }

  /** SFT and pre-training: a zero loss and a loss spike mean broken data or settings. */
  private sftRules(v: Record<string, number>, at: number, raise: Raise, clear: (kind: AlertKind) => void): void {
    if (!('loss' in v) || !Number.isFinite(v.loss)) return;
    const algorithm = this.algorithm;
    if (algorithm !== undefined && algorithm !== 'sft') return;
    if (v.loss === 0) {
      raise(
        'zero-loss',
        msg(
          'loss is exactly 0 at step {0}: not a perfect model but nothing to learn from. Usual causes: every label is masked (responses cut off by cutoff_len, or an empty output column), bf16 on a GPU without it (V100, T4: use fp16), or a template that does not match the model.',
        ),
        [at],
      );
      return;
    }
    clear('zero-loss');
    const losses = this.history.values('loss');
    const before = losses.slice(-21, -1);
    if (before.length < 20) return;
    const median = medianOf(before);
    if (v.loss > 2.5 * median && v.loss - median > 0.5) {
      raise(
        'loss-spike',
        msg(
          'loss jumped to {0} at step {1}, {2}× its recent median: a bad batch, a too-high learning rate, or an fp16 overflow. If it does not come back down, lower the learning rate or resume from the last checkpoint.',
        ),
        [round(v.loss), at, round(v.loss / median)],
      );
    } else if (v.loss < 1.5 * median) {
      clear('loss-spike');
    }
  }

  private gradNorm(v: Record<string, number>, at: number, index: number, step: number | undefined, alerts: TrainingAlert[]): void {
    if (!('grad_norm' in v) || !Number.isFinite(v.grad_norm)) return;
    const recent = this.history.values('grad_norm').slice(-21, -1);
    const median = medianOf(recent);
    if (recent.length >= 5 && v.grad_norm > 10 * median && v.grad_norm > 1 && index - this.lastGradSpike > 20 && !this.alreadyRaised('grad-norm-spike', step)) {
      this.lastGradSpike = index;
      alerts.push({
        kind: 'grad-norm-spike',
        severity: 'warning',
        index,
        step,
        message: msg(
          'grad_norm {0} at step {1} is {2}× the recent median: a gradient explosion is starting (clip with max_grad_norm, lower the learning rate).',
        ),
        args: [round(v.grad_norm), at, round(v.grad_norm / median)],
      });
    }
  }

  private alreadyRaised(kind: AlertKind, step: number | undefined): boolean {
    if (step === undefined) return false;
    const key = `${kind}@${step}`;
    if (this.raisedAt.has(key)) return true;
    this.raisedAt.add(key);
    return false;
  }
}
