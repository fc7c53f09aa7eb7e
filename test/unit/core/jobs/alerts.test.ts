import * as assert from 'node:assert/strict';
import { algorithmOf } from '../../../../src/core/jobs/metrics/algorithm';
import type { TrainingAlert } from '../../../../src/core/jobs/metrics/alertKinds';
import { AlertDetector } from '../../../../src/core/jobs/metrics/alerts';
import { MetricLogReader } from '../../../../src/core/jobs/metrics/metricLogReader';
import type { MetricPoint } from '../../../../src/core/jobs/metrics/metricPoint';
import type { Shape } from './trainerLogFixtures';
import { dpo, grpo, ppo, sft, stdoutLog } from './trainerLogFixtures';

function run(series: Array<Record<string, number>>, stage?: string): TrainingAlert[] {
  const detector = new AlertDetector(stage);
  return series.flatMap((values, i) => detector.add({ step: (i + 1) * 10, values, source: 'trainer-log' } satisfies MetricPoint, i));
}

/** A generated stdout log read by the real reader, then watched: the alerts it raises. */
function watch(n: number, shape: Shape, hint?: string, seed = 7): TrainingAlert[] {
  const reader = new MetricLogReader('stdout');
  const events = [...reader.push(new TextEncoder().encode(stdoutLog(n, shape, seed))), ...reader.end()];
  const detector = new AlertDetector(hint);
  return events.flatMap((e, i) => (e.kind === 'point' ? detector.add(e.point, i) : []));
}

const kinds = (alerts: TrainingAlert[], severity: TrainingAlert['severity'] = 'warning') => alerts.filter((a) => a.severity === severity).map((a) => a.kind);
const steady = (n: number, make: (i: number) => Record<string, number>) => Array.from({ length: n }, (_, i) => make(i));

describe('training alerts: every run', () => {
  it('stays quiet on a healthy SFT run', () => {
    assert.deepEqual(run(steady(200, (i) => ({ loss: 2 - i / 200 + Math.sin(i) * 0.05, grad_norm: 0.8 + Math.cos(i) * 0.2, learning_rate: 1e-5 }))), []);
    for (const seed of [1, 2, 3]) assert.deepEqual(watch(300, sft, 'sft', seed), [], `seed ${seed}`);
  });

  it('flags NaN or infinite loss once per episode, with the step and what to do', () => {
    const alerts = run([{ loss: 1 }, { loss: NaN }, { loss: NaN }, { loss: 1 }, { eval_loss: Infinity }]);
    assert.deepEqual(
      alerts.map((a) => [a.kind, a.step]),
      [
        ['non-finite-loss', 20],
        ['non-finite-loss', 50],
      ],
    );
    assert.deepEqual(alerts[0].args, ['loss', 'NaN', 20]);
    assert.match(alerts[0].message, /learning rate.*bf16/);
  });

  it('raises once for a step logged by both trainer_log.jsonl and stdout', () => {
    const detector = new AlertDetector();
    const at = (step: number, loss: number, source: MetricPoint['source']) => detector.add({ step, values: { loss }, source }, step);
    const alerts = [
      at(11, 1, 'trainer-log'),
      at(12, NaN, 'trainer-log'),
      at(13, 0.9, 'trainer-log'),
      at(11, 1, 'stdout'),
      at(12, NaN, 'stdout'),
      at(13, 0.9, 'stdout'),
    ].flat();
    assert.deepEqual(
      alerts.map((a) => [a.kind, a.step]),
      [['non-finite-loss', 12]],
    );
  });

  it('flags a gradient-norm spike against the recent median, not a gentle rise', () => {
    const spike = run([...steady(10, () => ({ grad_norm: 0.5 })), { grad_norm: 12 }]);
    assert.deepEqual(
      spike.map((a) => [a.kind, a.index]),
      [['grad-norm-spike', 10]],
    );
    assert.equal(spike[0].args[2], 24);
    assert.deepEqual(run(steady(50, (i) => ({ grad_norm: 0.5 + i * 0.05 }))), []);
    assert.deepEqual(run([...steady(10, () => ({ grad_norm: 0.01 })), { grad_norm: 0.5 }]), [], 'tiny norms growing 10× are noise');
  });
});

describe('training alerts: SFT and pre-training', () => {
  it('flags an exactly-zero loss with the causes users find, not a small one', () => {
    const alerts = run([{ loss: 0.001 }, { loss: 0 }], 'sft');
    assert.deepEqual(kinds(alerts), ['zero-loss']);
    assert.match(alerts[0].message, /labels? (is|are) masked.*bf16.*template/);
    assert.deepEqual(run([{ loss: 0.001 }, { loss: 0.0001 }], 'sft'), []);
  });

  it('flags a loss spike against the recent median, not ordinary noise', () => {
    const series = [...steady(30, (i) => ({ loss: 1.2 + 0.1 * Math.sin(i) })), { loss: 4.1 }, { loss: 4.3 }];
    assert.deepEqual(kinds(run(series, 'sft')), ['loss-spike']);
    assert.deepEqual(
      run(
        steady(60, (i) => ({ loss: 1.2 + 0.4 * Math.sin(i) })),
        'sft',
      ),
      [],
      'noisy but steady',
    );
    assert.deepEqual(run([...steady(30, () => ({ loss: 0.05 })), { loss: 0.3 }], 'sft'), [], 'a jump of 0.25 on a tiny loss is not a spike');
  });
});

describe('training alerts: DPO / ORPO / KTO', () => {
  it('says nothing wrong about a learning DPO run; explains chosen rewards falling while margins grow', () => {
    const alerts = watch(150, dpo(1), 'dpo');
    assert.deepEqual(kinds(alerts), []);
    assert.deepEqual(kinds(alerts, 'info'), ['chosen-falling']);
    assert.match(alerts[0].message, /common in DPO/);
  });

  it('flags a DPO loss stuck at ln 2, only for DPO (not ORPO, not SFT)', () => {
    assert.deepEqual(kinds(watch(60, dpo(0), 'dpo')), ['dpo-stuck']);
    assert.deepEqual(
      run(steady(30, () => ({ loss: 0.6931, reward_margin: 0 }))).map((a) => a.kind),
      ['dpo-stuck'],
      'inferred from the metrics',
    );
    assert.deepEqual(
      run(
        steady(30, () => ({ loss: 0.6931 })),
        'sft',
      ),
      [],
      'an SFT loss near 0.693 is just a loss',
    );
    assert.ok(!kinds(watch(60, dpo(0), 'orpo')).includes('dpo-stuck'), 'ORPO loss is not ln 2 at rest');
  });

  it('flags margins that stay near 0 with chance accuracy (ORPO), not a run that learns', () => {
    assert.deepEqual(kinds(watch(60, dpo(0), 'orpo')), ['preference-not-learning']);
    assert.deepEqual(kinds(watch(60, dpo(1), 'orpo')), []);
    assert.deepEqual(kinds(watch(30, dpo(0), 'orpo')), [], 'too early to tell');
  });

  it('flags negative margins with low accuracy: chosen and rejected swapped', () => {
    const alerts = watch(80, dpo(1, true), 'dpo');
    assert.deepEqual(kinds(alerts), ['margins-negative']);
    assert.match(alerts.find((a) => a.kind === 'margins-negative')!.message, /swapped/);
  });

  it("never reads KTO's own kl as a policy drift", () => {
    assert.deepEqual(
      kinds(
        run(
          steady(40, (i) => ({ loss: 0.4, kl: i * 0.5, reward_margin: 0.5 + i * 0.05 })),
          'kto',
        ),
      ),
      [],
    );
  });
});

describe('training alerts: PPO', () => {
  it('raises runaway KL for a KL climbing 0.02 → 3.2, and reward hacking when the reward rises with it', () => {
    const alerts = watch(60, ppo(0.02, 3.2, -2, 1.5), 'ppo');
    assert.deepEqual(kinds(alerts), ['kl-runaway', 'reward-hacking']);
    const runaway = alerts[0];
    assert.match(runaway.message, /from \{2\} at the start/);
    assert.ok(Number(runaway.args[2]) < 0.1, `early KL ${runaway.args[2]}`);
    assert.deepEqual(kinds(watch(60, ppo(0.02, 3.2, -2, -2.2), 'ppo')), ['kl-runaway'], 'no hacking when the reward does not rise');
  });

  it('stays quiet on a PPO run whose KL grows gently, and on one noisy batch', () => {
    assert.deepEqual(watch(80, ppo(0.01, 0.3, -2, 0.5), 'ppo'), []);
    assert.deepEqual(run([...steady(20, () => ({ kl: 0.02, kl_penalty: -0.001 })), { kl: 5 }, ...steady(5, () => ({ kl: 0.02 }))], 'ppo'), []);
  });

  it('flags a negative KL, not a rounding-level one', () => {
    assert.deepEqual(
      run([{ kl: 0.01 }, { kl: -0.5 }], 'ppo').map((a) => a.kind),
      ['kl-negative'],
    );
    assert.deepEqual(run([{ kl: -0.005 }], 'ppo'), []);
  });
});

describe('training alerts: GRPO', () => {
  it('raises no zero-loss on a GRPO run (a zero loss is normal there), and nothing on a healthy one', () => {
    assert.deepEqual(watch(80, grpo()), [], 'inferred from the metrics');
    assert.deepEqual(watch(80, grpo(), 'grpo'), []);
  });

  it('flags groups with no reward variance (no learning signal)', () => {
    const alerts = watch(60, grpo({ zeroStd: (t) => Math.min(0.97, 0.2 + t * 1.6) }));
    assert.deepEqual(kinds(alerts), ['grpo-no-signal']);
    assert.match(alerts[0].message, /zero advantage/);
  });

  it('flags completions cut at max length, not a few', () => {
    assert.deepEqual(kinds(watch(60, grpo({ clipped: (t) => Math.min(0.98, 0.3 + t * 1.5) }))), ['grpo-clipped']);
    assert.deepEqual(kinds(watch(60, grpo({ clipped: () => 0.5 }))), []);
  });

  it('flags a collapsing reward std', () => {
    assert.deepEqual(kinds(watch(60, grpo({ withZeroStd: false, rewardStd: (t) => 0.4 * Math.max(0.005, 1 - 1.3 * t) }))), ['grpo-reward-std-collapse']);
  });
});

describe('the algorithm from the config', () => {
  it("reads LLaMA-Factory's stage and pref_loss, and Axolotl's rl", () => {
    assert.equal(algorithmOf({ stage: 'sft' }), 'sft');
    assert.equal(algorithmOf({ stage: 'pt' }), 'sft');
    assert.equal(algorithmOf({ stage: 'dpo' }), 'dpo');
    assert.equal(algorithmOf({ stage: 'dpo', pref_loss: 'orpo' }), 'orpo');
    assert.equal(algorithmOf({ stage: 'dpo', pref_loss: 'simpo' }), 'simpo');
    assert.equal(algorithmOf({ stage: 'kto' }), 'kto');
    assert.equal(algorithmOf({ stage: 'ppo' }), 'ppo');
    assert.equal(algorithmOf({ rl: 'grpo' }), 'grpo');
    assert.equal(algorithmOf({}), undefined);
  });
});
