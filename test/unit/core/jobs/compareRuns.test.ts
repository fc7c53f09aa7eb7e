import * as assert from 'node:assert/strict';
import { compareRuns } from '../../../../src/core/jobs/compareRuns';
import type { JobRecord } from '../../../../src/core/jobs/jobRecord';
import type { MetricPoint } from '../../../../src/core/jobs/metrics/metricPoint';

const record = (id: string, extra: Partial<JobRecord> = {}): JobRecord => ({
  id,
  target: { name: 'a100', host: 'a100', port: 22, identityFiles: [], origin: 'literal' },
  workdir: '/w',
  jobDir: `/w/.tunelab/jobs/${id}`,
  configRemote: 'configs/sft.yaml',
  command: 'train',
  createdAt: 0,
  state: 'finished',
  startedAt: 100,
  endedAt: 100 + 3725,
  progress: { current: 3, total: 3 },
  ...extra,
});
const point = (step: number, values: Record<string, number>, source: MetricPoint['source'] = 'trainer-log'): MetricPoint => ({ step, values, source });

describe('the compare table', () => {
  it('shows state, duration, the hyperparameters that differ, and final and best metrics', () => {
    const table = compareRuns([
      {
        record: record('a'),
        config: { learning_rate: 1e-5, lora_rank: 64, stage: 'sft', output_dir: 'saves/a' },
        points: [point(1, { loss: 2 }), point(2, { loss: 0.9 }), point(3, { loss: 1.1 }), point(3, { loss: 0.1 }, 'stdout')],
      },
      {
        record: record('b', { state: 'failed', endedAt: 100 + 60 }),
        config: { learning_rate: 2e-5, lora_rank: 64, stage: 'sft', output_dir: 'saves/b' },
        points: [point(1, { loss: 2.2, eval_loss: 2.5 })],
      },
    ]);
    const rows = Object.fromEntries(table.rows.map((r) => [`${r.kind}:${r.key}`, r.values]));
    assert.deepEqual(table.jobIds, ['a', 'b']);
    assert.deepEqual(rows['info:state'], ['finished', 'failed']);
    assert.deepEqual(rows['info:duration'], ['1 h 02 min', '1 min 00 s']);
    assert.deepEqual(rows['param:learning_rate'], ['1e-5', '2e-5']);
    assert.equal(rows['param:lora_rank'], undefined, 'the same in both: not a difference');
    assert.equal(rows['param:output_dir'], undefined, 'where outputs go is not a hyperparameter');
    assert.deepEqual(rows['final:loss'], ['1.1', '2.2'], 'from trainer_log, not its stdout copy');
    assert.deepEqual(rows['best:loss'], ['0.9', '2.2']);
    assert.deepEqual(rows['final:eval_loss'], ['', '2.5']);
  });
});
