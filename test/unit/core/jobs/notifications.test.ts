import * as assert from 'node:assert/strict';
import type { JobRecord } from '../../../../src/core/jobs/jobRecord';
import type { TrainingAlert } from '../../../../src/core/jobs/metrics/alertKinds';
import { alertNotification, formatDuration, stateNotification } from '../../../../src/core/jobs/notifications';

const record: JobRecord = {
  id: '20261130-101010-abcd',
  target: { name: 'a100', host: 'a100', port: 22, identityFiles: [], origin: 'literal' },
  workdir: '/w',
  jobDir: '/w/.tunelab/jobs/x',
  configRemote: 'configs/sft.yaml',
  command: 'train',
  createdAt: 0,
  state: 'finished',
  startedAt: 1000,
  endedAt: 1000 + 3725,
};

describe('job notifications', () => {
  it('announces the ends a user waits for, once, and not a cancel', () => {
    const finished = stateNotification(record, 'running', 'finished', 0);
    assert.deepEqual([finished?.kind, finished?.severity, finished?.args], ['finished', 'info', ['sft.yaml @ a100', '1 h 02 min']]);
    assert.equal(stateNotification(record, 'running', 'failed', 3)?.args[1], 3);
    assert.equal(stateNotification(record, 'running', 'lost', undefined)?.kind, 'lost');
    assert.equal(stateNotification(record, 'finished', 'finished', 0), undefined, 'already known');
    assert.equal(stateNotification(record, 'running', 'cancelled', 143), undefined);
    assert.equal(stateNotification(record, 'starting', 'running', undefined), undefined);
  });

  it('notifies warnings, never explanations', () => {
    const alert: TrainingAlert = { kind: 'kl-runaway', severity: 'warning', index: 3, step: 30, message: 'x', args: [] };
    assert.equal(alertNotification(record, alert)?.kind, 'alert');
    assert.equal(alertNotification(record, { ...alert, kind: 'chosen-falling', severity: 'info' }), undefined);
  });

  it('formats durations', () => {
    assert.deepEqual([formatDuration(12), formatDuration(200), formatDuration(3725)], ['12 s', '3 min 20 s', '1 h 02 min']);
  });
});
