import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from '../../../../src/core/jobs/metrics/metricLogReader';
import { MetricLogReader } from '../../../../src/core/jobs/metrics/metricLogReader';
import type { MetricPoint } from '../../../../src/core/jobs/metrics/metricPoint';
import { canonicalName, durationSeconds, numberFrom } from '../../../../src/core/jobs/metrics/metricPoint';
import { parsePythonDict } from '../../../../src/core/jobs/metrics/pythonDict';
import { parseTqdmLine } from '../../../../src/core/jobs/metrics/tqdmLine';
import { parseTrainerLogLine } from '../../../../src/core/jobs/metrics/trainerLogLine';
import { journalLine, readJournal } from '../../../../src/core/jobs/metrics/pointsJournal';
import { repoRoot } from '../../../repoRoot';

const corpusLogs = process.env.TUNELAB_CORPUS ? join(process.env.TUNELAB_CORPUS, 'logs') : join(repoRoot(), '..', 'shared', 'corpus', 'logs');
const encoder = new TextEncoder();

function readAll(
  format: 'trainer-log' | 'stdout',
  text: string | Uint8Array,
  chunkSize = Infinity,
): { points: MetricPoint[]; events: LogEvent[]; reader: MetricLogReader } {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const reader = new MetricLogReader(format);
  const events: LogEvent[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length))
    events.push(...reader.push(bytes.subarray(i, Math.min(bytes.length, i + chunkSize))));
  events.push(...reader.end());
  return { points: events.flatMap((e) => (e.kind === 'point' ? [e.point] : [])), events, reader };
}

describe('metric values', () => {
  it('reads numbers, numeric strings and nan/inf spelled the usual ways', () => {
    assert.equal(numberFrom(0.5), 0.5);
    assert.equal(numberFrom('0.00'), 0);
    assert.equal(numberFrom(' 1e-05 '), 1e-5);
    assert.ok(Number.isNaN(numberFrom('nan')));
    assert.equal(numberFrom('inf'), Infinity);
    assert.equal(numberFrom('-Infinity'), -Infinity);
    for (const junk of ['', 'abc', '1.2.3', null, undefined, true, {}]) assert.equal(numberFrom(junk), undefined, JSON.stringify(junk) ?? 'undefined');
  });

  it('reads durations, including several days', () => {
    assert.equal(durationSeconds('0:08:29'), 509);
    assert.equal(durationSeconds('5:39:46'), 5 * 3600 + 39 * 60 + 46);
    assert.equal(durationSeconds('3 days, 17:51:32'), 3 * 86400 + 17 * 3600 + 51 * 60 + 32);
    assert.equal(durationSeconds('1 day, 0:00:01'), 86401);
    assert.equal(durationSeconds('soon'), undefined);
  });

  it('maps every trainer vocabulary onto one', () => {
    const expected: Record<string, string> = {
      lr: 'learning_rate',
      learning_rate: 'learning_rate',
      'objective/kl': 'kl',
      kl: 'kl',
      'objective/rlhf_reward': 'reward',
      reward: 'reward',
      'rewards/margins': 'reward_margin',
      'rewards/accuracies': 'reward_accuracy',
      'loss/policy_avg': 'policy_loss',
      'ppo/loss/policy': 'policy_loss',
      'ppo/mean_scores': 'reward',
      'env/reward_mean': 'reward',
      'ppo/loss/total': 'loss',
      eval_accuracy: 'eval_accuracy',
    };
    for (const [key, name] of Object.entries(expected)) assert.equal(canonicalName(key), name, key);
    for (const position of ['epoch', 'current_steps', 'total_steps', 'percentage', 'throughput', 'total_tokens', 'elapsed_time'])
      assert.equal(canonicalName(position), undefined);
  });
});

describe('trainer_log.jsonl lines', () => {
  it('reads LLaMA-Factory lines with lr or learning_rate, string throughput and day-long ETAs', () => {
    const a = parseTrainerLogLine(
      '{"current_steps": 1, "total_steps": 5100, "loss": 0.6491, "accuracy": 1.0, "lr": 9.8e-10, "epoch": 0.0019, "percentage": 0.02, "elapsed_time": "0:01:03", "remaining_time": "3 days, 17:51:32"}',
    );
    assert.deepEqual(a?.point, { step: 1, epoch: 0.0019, elapsed: 63, source: 'trainer-log', values: { loss: 0.6491, accuracy: 1, learning_rate: 9.8e-10 } });
    assert.deepEqual(a?.progress, { current: 1, total: 5100, elapsed: 63, remaining: 323492 });
    const b = parseTrainerLogLine(
      '{"current_steps": 10, "total_steps": 8660, "loss": 2.4977, "learning_rate": 5.7e-07, "epoch": 0.0046, "throughput": "0.00", "total_tokens": 0}',
    );
    assert.deepEqual(b?.point?.values, { loss: 2.4977, learning_rate: 5.7e-7 });
  });

  it('skips nulls, keeps NaN and progress-only lines, ignores junk', () => {
    const nulls = parseTrainerLogLine('{"current_steps": 5, "total_steps": 10, "loss": null, "eval_loss": 1.5, "reward": null}');
    assert.deepEqual(nulls?.point?.values, { eval_loss: 1.5 });
    const nan = parseTrainerLogLine('{"current_steps": 6, "total_steps": 10, "loss": NaN, "grad_norm": Infinity}');
    assert.ok(Number.isNaN(nan?.point?.values.loss));
    assert.equal(nan?.point?.values.grad_norm, Infinity);
    const progressOnly = parseTrainerLogLine(
      '{"current_steps": 5, "total_steps": 512, "percentage": 0.98, "elapsed_time": "0:00:05", "remaining_time": "0:08:29"}',
    );
    assert.equal(progressOnly?.point, undefined);
    assert.deepEqual(progressOnly?.progress, { current: 5, total: 512, elapsed: 5, remaining: 509 });
    for (const junk of ['', 'not json', '{"a": ', '[1,2]', 'null']) assert.equal(parseTrainerLogLine(junk), undefined, junk);
  });
});

describe('Hugging Face Trainer stdout', () => {
  it('reads Python dict reprs: strings, nan/inf, tensors of numbers, nested quotes', () => {
    assert.deepEqual(parsePythonDict("{'loss': 1.23, 'grad_norm': 0.5, 'learning_rate': 1e-05, 'epoch': 0.1}"), {
      loss: 1.23,
      grad_norm: 0.5,
      learning_rate: 1e-5,
      epoch: 0.1,
    });
    const odd = parsePythonDict("{'loss': '0.6931', 'grad_norm': nan, 'kl': -inf, 'objective/kl': 0.02, 'name': \"it's\"}");
    assert.equal(odd?.loss, '0.6931');
    assert.ok(Number.isNaN(numberFrom(odd?.grad_norm)));
    assert.equal(numberFrom(odd?.kl), -Infinity);
    assert.equal(odd?.['objective/kl'], 0.02);
    assert.equal(parsePythonDict('{not a dict'), undefined);
  });

  it('reads tqdm bars with hours and unknown ETAs', () => {
    assert.deepEqual(parseTqdmLine(' 12%|█▏        | 30/250 [00:59<07:19,  2.00s/it]'), { current: 30, total: 250, elapsed: 59, remaining: 439 });
    assert.deepEqual(parseTqdmLine('  1%|          | 3/300 [1:02:03<3:04:05, 10.0s/it]'), { current: 3, total: 300, elapsed: 3723, remaining: 11045 });
    assert.equal(parseTqdmLine('  0%|          | 0/250 [00:00<?, ?it/s]')?.remaining, undefined);
    assert.equal(parseTqdmLine('Loading 3/5 shards'), undefined);
  });

  const STDOUT = [
    'Loading checkpoint shards: 100%|██████████| 4/4 [00:03<00:00,  1.10it/s]',
    ' 10%|█         | 10/100 [00:10<01:30,  1.00s/it]\r 20%|██        | 20/100 [00:20<01:20,  1.00s/it]',
    "{'loss': 1.5, 'grad_norm': 3.2, 'learning_rate': '2e-05', 'epoch': 0.2}",
    "   {'loss': nan, 'grad_norm': inf, 'learning_rate': 1e-05, 'epoch': 0.3}",
    " 30%|███       | 30/100 [00:30<01:10,  1.00s/it]{'eval_loss': 1.7,",
    "  'eval_runtime': 3.1,",
    "  'epoch': 0.3}",
    // An evaluation bar (fewer steps, no label) must not move the training step.
    '  0%|          | 0/5 [00:00<?, ?it/s]\r 60%|██████    | 3/5 [00:01<00:00,  2.50it/s]',
    "{'train_runtime': 100.0, 'train_loss': 1.4, 'epoch': 1.0}",
    '',
  ].join('\n');

  it('turns stdout into points placed on the tqdm step: wrapped dicts, leading spaces, \\r redraws', () => {
    const { points, events } = readAll('stdout', STDOUT);
    assert.deepEqual(
      points.map((p) => [p.step, p.epoch, Object.keys(p.values).sort().join(',')]),
      [
        [20, 0.2, 'grad_norm,learning_rate,loss'],
        [20, 0.3, 'grad_norm,learning_rate,loss'],
        [30, 0.3, 'eval_loss,eval_runtime'],
      ],
    );
    assert.ok(
      events.some((e) => e.kind === 'summary' && e.summary.meanLoss === 1.4),
      'the end-of-run summary is a summary, not a point',
    );
    assert.equal(points[0].values.learning_rate, 2e-5);
    assert.ok(Number.isNaN(points[1].values.loss));
    assert.ok(events.some((e) => e.kind === 'progress' && e.progress.current === 30 && e.progress.total === 100));
    const totals = new Set(events.flatMap((e) => (e.kind === 'progress' ? [e.progress.total] : [])));
    assert.deepEqual([...totals], [100], 'checkpoint-loading and evaluation bars are not training progress');
  });

  it('gives the same points however the bytes are split, and commits only complete lines', () => {
    const bytes = encoder.encode(STDOUT);
    const whole = JSON.stringify(readAll('stdout', bytes).points);
    for (const size of [1, 2, 3, 7, 64]) assert.equal(JSON.stringify(readAll('stdout', bytes, size).points), whole, `chunks of ${size}`);
  });

  it('resumes from the committed offset with nothing lost or repeated, at every cut', () => {
    const bytes = encoder.encode(STDOUT);
    const whole = JSON.stringify(readAll('stdout', bytes).points.map((p) => p.values));
    for (let cut = 0; cut <= bytes.length; cut += 3) {
      const first = new MetricLogReader('stdout');
      const before = first.push(bytes.subarray(0, cut)).flatMap((e) => (e.kind === 'point' ? [e.point.values] : []));
      const resumeAt = first.committedOffset;
      assert.ok(resumeAt <= cut);
      const second = new MetricLogReader('stdout', resumeAt);
      const after = [...second.push(bytes.subarray(resumeAt)), ...second.end()].flatMap((e) => (e.kind === 'point' ? [e.point.values] : []));
      assert.equal(JSON.stringify([...before, ...after]), whole, `cut at ${cut}`);
    }
  });
});

describe('the end-of-run summary', () => {
  it("is the run's summary, not a loss point at the last epoch", () => {
    const text =
      "{'loss': 0.6412, 'grad_norm': 1.2, 'learning_rate': 1e-06, 'epoch': 2.98}\n{'train_runtime': 5421.3, 'train_samples_per_second': 3.41, 'train_steps_per_second': 0.213, 'train_loss': 1.1042, 'epoch': 3.0}\n";
    const { points, events } = readAll('stdout', text);
    assert.deepEqual(
      points.map((p) => p.values.loss),
      [0.6412],
      'the last loss is the last logged one',
    );
    const summary = events.find((e) => e.kind === 'summary');
    assert.deepEqual(summary?.kind === 'summary' ? summary.summary : undefined, {
      runtime: 5421.3,
      samplesPerSecond: 3.41,
      stepsPerSecond: 0.213,
      meanLoss: 1.1042,
      epoch: 3,
    });
  });

  it('survives a dict wrapped over lines and the journal keeps it', () => {
    const { events } = readAll('stdout', "{'train_runtime': 12.0,\n 'train_loss': 0.9, 'epoch': 1.0}\n", 5);
    const batch = { stream: 'log' as const, offset: 1, points: [], summary: events.flatMap((e) => (e.kind === 'summary' ? [e.summary] : []))[0] };
    assert.equal(readJournal(journalLine(batch)).summary?.meanLoss, 0.9);
  });
});

describe('the points journal', () => {
  it('round-trips non-finite values and keeps the furthest offset per stream; a torn line is dropped', () => {
    const text =
      journalLine({ stream: 'log', offset: 100, points: [{ step: 1, values: { loss: NaN, grad_norm: Infinity }, source: 'stdout' }] }) +
      journalLine({
        stream: 'trainer-log',
        offset: 50,
        points: [{ step: 1, values: { loss: 1 }, source: 'trainer-log' }],
        progress: { current: 1, total: 10 },
      }) +
      journalLine({ stream: 'log', offset: 180, points: [] }) +
      '{"stream":"log","offset":999,"poi';
    const state = readJournal(text);
    assert.deepEqual(state.offsets, { log: 180, 'trainer-log': 50 });
    assert.equal(state.points.length, 2);
    assert.ok(Number.isNaN(state.points[0].values.loss));
    assert.equal(state.points[0].values.grad_norm, Infinity);
    assert.deepEqual(state.progress, { current: 1, total: 10 });
  });
});

describe('corpus training logs', function () {
  before(function () {
    if (!existsSync(corpusLogs)) {
      console.log(`    corpus logs not found at ${corpusLogs} (set TUNELAB_CORPUS): skipping`);
      this.skip();
    }
  });

  function corpus(name: string): { points: MetricPoint[]; events: LogEvent[]; lines: number } {
    const bytes = readFileSync(join(corpusLogs, name, 'trainer_log.jsonl'));
    const lines = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
    return { ...readAll('trainer-log', bytes, 4096), lines };
  }

  it('SFT log using learning_rate with string throughput: one point per line, steps increasing', () => {
    const { points, lines } = corpus('syGOAT_Mistral-v0.2-Translator-bf16');
    assert.equal(lines, 867);
    const losses = points.filter((p) => p.values.loss !== undefined);
    assert.equal(losses.length, 866);
    assert.ok(losses.every((p) => p.values.learning_rate !== undefined && Number.isFinite(p.values.loss)));
    assert.ok(points.every((p, i) => i === 0 || (p.step ?? 0) >= (points[i - 1].step ?? 0)));
    assert.ok(points.every((p) => !('throughput' in p.values) && !('total_tokens' in p.values)));
  });

  it('GRPO-fork log with lr, accuracy and a multi-day ETA', () => {
    const { points, events } = corpus('hykun1989_360-LLaMA-Factory-grpo');
    assert.equal(points.length, 202);
    assert.ok(points.every((p) => p.values.learning_rate !== undefined && p.values.loss !== undefined));
    const first = events.find((e) => e.kind === 'progress');
    assert.equal(first?.kind === 'progress' ? first.progress.remaining : undefined, 3 * 86400 + 17 * 3600 + 51 * 60 + 32);
  });

  it('progress-only logs give progress and no points', () => {
    for (const name of ['AnthonyTang7_LLM-Assisted-RL', 'gi7014_SunXiaochuan-V1']) {
      const { points, events, lines } = corpus(name);
      assert.equal(points.length, 0, name);
      assert.equal(events.filter((e) => e.kind === 'progress').length, lines, name);
    }
  });
});
