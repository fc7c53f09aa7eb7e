import * as assert from 'node:assert/strict';
import type { TrainingAlert } from '../../../../src/core/jobs/metrics/alerts';
import { AlertDetector } from '../../../../src/core/jobs/metrics/alerts';
import type { MetricPoint } from '../../../../src/core/jobs/metrics/metricPoint';

function run(series: Array<Record<string, number>>, stage?: string): TrainingAlert[] {
  const detector = new AlertDetector(stage);
  return series.flatMap((values, i) => detector.add({ step: (i + 1) * 10, values, source: 'trainer-log' } satisfies MetricPoint, i));
}

const steady = (n: number, make: (i: number) => Record<string, number>) => Array.from({ length: n }, (_, i) => make(i));

describe('training alerts', () => {
  it('stays quiet on a healthy SFT run', () => {
    assert.deepEqual(run(steady(200, (i) => ({ loss: 2 - i / 200 + Math.sin(i) * 0.05, grad_norm: 0.8 + Math.cos(i) * 0.2, learning_rate: 1e-5 }))), []);
  });

  it('flags NaN or infinite loss once per episode, with the step', () => {
    const alerts = run([{ loss: 1 }, { loss: NaN }, { loss: NaN }, { loss: 1 }, { eval_loss: Infinity }]);
    assert.deepEqual(alerts.map((a) => [a.kind, a.step]), [['non-finite-loss', 20], ['non-finite-loss', 50]]);
    assert.deepEqual(alerts[0].args, ['loss', 'NaN', 20]);
  });

  it('raises once for a step logged by both trainer_log.jsonl and stdout', () => {
    const detector = new AlertDetector();
    const at = (step: number, loss: number, source: MetricPoint['source']) => detector.add({ step, values: { loss }, source }, step);
    const alerts = [at(11, 1, 'trainer-log'), at(12, NaN, 'trainer-log'), at(13, 0.9, 'trainer-log'), at(11, 1, 'stdout'), at(12, NaN, 'stdout'), at(13, 0.9, 'stdout')].flat();
    assert.deepEqual(alerts.map((a) => [a.kind, a.step]), [['non-finite-loss', 12]]);
  });

  it('flags an exactly-zero loss, not a small one', () => {
    assert.deepEqual(run([{ loss: 0.001 }, { loss: 0 }]).map((a) => a.kind), ['zero-loss']);
  });

  it('flags a gradient-norm spike against the recent median, not a gentle rise', () => {
    const spike = run([...steady(10, () => ({ grad_norm: 0.5 })), { grad_norm: 12 }]);
    assert.deepEqual(spike.map((a) => [a.kind, a.index]), [['grad-norm-spike', 10]]);
    assert.equal(spike[0].args[2], 24);
    assert.deepEqual(run(steady(50, (i) => ({ grad_norm: 0.5 + i * 0.05 }))), []);
    // Tiny norms that grow 10× are still under 1: noise, not an explosion.
    assert.deepEqual(run([...steady(10, () => ({ grad_norm: 0.01 })), { grad_norm: 0.5 }]), []);
  });

  it('flags a negative KL and a KL running away, not ordinary PPO drift', () => {
    assert.deepEqual(run([{ kl: 0.01 }, { kl: -0.5 }]).map((a) => a.kind), ['kl-negative']);
    assert.deepEqual(run([{ kl: -0.005 }]), [], 'a rounding-level negative KL is fine');
    const runaway = run([...steady(12, () => ({ kl: 0.1 })), { kl: 2.5 }]);
    assert.deepEqual(runaway.map((a) => a.kind), ['kl-runaway']);
    assert.deepEqual(run(steady(40, (i) => ({ kl: 0.05 + i * 0.005 }))), []);
  });

  it('flags a DPO loss stuck at ln 2 for 20 logs, only for preference runs', () => {
    const stuck = steady(30, () => ({ loss: 0.6931, reward_margin: 0 }));
    assert.deepEqual(run(stuck).map((a) => a.kind), ['dpo-stuck']);
    assert.deepEqual(run(steady(30, () => ({ loss: 0.6931 })), 'dpo').map((a) => a.kind), ['dpo-stuck']);
    assert.deepEqual(run(steady(30, () => ({ loss: 0.6931 })), 'sft'), [], 'an SFT loss near 0.693 is just a loss');
    assert.deepEqual(run(steady(30, (i) => ({ loss: 0.6931 - i * 0.01, reward_margin: i * 0.1 }))), [], 'a DPO loss that falls');
  });
});
