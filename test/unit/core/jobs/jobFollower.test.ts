import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followJob } from '../../../../src/core/jobs/jobFollower';
import type { JobRecord } from '../../../../src/core/jobs/jobRecord';
import { cancelJob, jobStatuses, launchJob } from '../../../../src/core/jobs/jobRunner';
import { JobStore } from '../../../../src/core/jobs/jobStore';
import type { MetricPoint } from '../../../../src/core/jobs/metrics/metricPoint';
import { planUploads } from '../../../../src/core/jobs/uploadPlan';
import { LocalShellHost } from '../../../support/localShellHost';
import { repoRoot } from '../../../repoRoot';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

/** A local project with a config and a dataset, and the "host": a home folder with a working directory (a space in its name). */
function project(): { root: string; config: string; home: string; workdir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tunelab-project-'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
  writeFileSync(join(root, 'data', 'tiny.jsonl'), '{"instruction": "hi", "output": "hello there"}\n');
  mkdirSync(join(root, 'configs'));
  const config = join(root, 'configs', 'sft.yaml');
  writeFileSync(config, 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ntemplate: qwen\noutput_dir: saves/run\n');
  const home = mkdtempSync(join(tmpdir(), 'tunelab-home-'));
  const workdir = join(home, 'runs here');
  mkdirSync(workdir);
  return { root, config, home, workdir };
}

async function launch(p: ReturnType<typeof project>, env: Record<string, string>): Promise<JobRecord> {
  const plan = planUploads(p.config, p.root, { dataset: 'tiny', output_dir: 'saves/run' });
  const host = new LocalShellHost(p.home);
  try {
    const target = { name: 'local', host: 'localhost', port: 22, identityFiles: [], origin: 'literal' as const };
    return await launchJob(host, {
      target,
      workdir: p.workdir,
      configRemote: plan.configRemote,
      configLocal: p.config,
      uploads: plan.files,
      commandTemplate: `sh '${FAKE_TRAINER}' train {config}`,
      env,
      outputDir: 'saves/run',
      stage: 'sft',
    });
  } finally {
    host.close();
  }
}

function steps(points: readonly MetricPoint[], source: MetricPoint['source']): number[] {
  return points.filter((pt) => pt.source === source && pt.values.loss !== undefined).map((pt) => pt.step ?? -1);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('following a job on a host (local sh)', function () {
  this.timeout(60_000);

  it('brings every point of a finished run once and in order, and the final state', async () => {
    const p = project();
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(p, { FAKE_STEPS: '12', FAKE_DELAY: '0.02' });
    store.save(record);
    assert.equal(record.state, 'running');
    const hosts: LocalShellHost[] = [];
    const states: Array<Partial<JobRecord>> = [];
    let logText = '';
    const final = await followJob(
      record,
      store.journal(record.id).offsets,
      { points: (batch) => store.append(record.id, batch), state: (s) => states.push(s), logText: (t) => (logText += t) },
      {
        connect: () => {
          const host = new LocalShellHost(p.home);
          hosts.push(host);
          return Promise.resolve(host);
        },
        flushMs: 20,
      },
    );
    assert.equal(final.state, 'finished');
    assert.equal(final.exitCode, 0);
    assert.equal(states[states.length - 1].state, 'finished');
    const journal = store.journal(record.id);
    assert.deepEqual(steps(journal.points, 'trainer-log'), range(12));
    assert.deepEqual(steps(journal.points, 'stdout'), range(12), 'stdout dicts placed on their tqdm step');
    assert.equal(journal.offsets['trainer-log'], readFileSync(join(p.workdir, 'saves', 'run', 'trainer_log.jsonl')).length);
    assert.match(logText, /fake trainer: 12 steps/);
    assert.ok(
      hosts.every((h) => h.runningCommands === 0),
      'no follow command left running',
    );
  });

  it('resumes after the link drops, from the committed offsets: no point lost, none twice', async () => {
    const p = project();
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(p, { FAKE_STEPS: '30', FAKE_DELAY: '0.05' });
    store.save(record);
    let current: LocalShellHost | undefined;
    let dropped = 0;
    let reconnects = 0;
    let seen = 0;
    const final = await followJob(
      record,
      store.journal(record.id).offsets,
      {
        points: (batch) => {
          store.append(record.id, batch);
          seen += batch.points.filter((pt) => pt.source === 'trainer-log').length;
          // drop the link twice, early and later in the run
          if ((dropped === 0 && seen >= 5) || (dropped === 1 && seen >= 15)) {
            dropped++;
            current?.drop();
          }
        },
        reconnecting: () => reconnects++,
      },
      {
        connect: () => Promise.resolve((current = new LocalShellHost(p.home))),
        backoffMs: [50],
        flushMs: 20,
      },
    );
    assert.equal(dropped, 2);
    assert.ok(reconnects >= 2, `reconnected ${reconnects} times`);
    assert.equal(final.state, 'finished', 'the job ran on while the link was down');
    const journal = store.journal(record.id);
    assert.deepEqual(steps(journal.points, 'trainer-log'), range(30));
    assert.deepEqual(steps(journal.points, 'stdout'), range(30));
  });

  it('says a job whose folder is gone is missing', async () => {
    const p = project();
    const record = await launch(p, { FAKE_STEPS: '1', FAKE_DELAY: '0' });
    const gone: JobRecord = { ...record, id: `${record.id}-gone`, jobDir: `${record.jobDir}-gone` };
    const host = new LocalShellHost(p.home);
    try {
      assert.equal((await jobStatuses(host, [gone])).get(gone.id)?.state ?? 'missing', 'missing');
    } finally {
      host.close();
    }
    const final = await followJob(
      gone,
      { log: 0, 'trainer-log': 0 },
      { points: () => undefined },
      { connect: () => Promise.resolve(new LocalShellHost(p.home)) },
    );
    assert.equal(final.state, 'missing');
  });

  it('retries a failed connection with backoff, but not one refused for its host key', async () => {
    const p = project();
    const record = await launch(p, { FAKE_STEPS: '2', FAKE_DELAY: '0' });
    let attempts = 0;
    const delays: number[] = [];
    const final = await followJob(
      record,
      { log: 0, 'trainer-log': 0 },
      { points: () => undefined, reconnecting: (_attempt, delay) => delays.push(delay) },
      {
        connect: () => (++attempts <= 2 ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(new LocalShellHost(p.home))),
        backoffMs: [10, 20],
      },
    );
    assert.equal(final.state, 'finished');
    assert.deepEqual(delays, [10, 20]);
    const refusal = Object.assign(new Error('host key changed'), { explained: { kind: 'host-key-mismatch' } });
    let tries = 0;
    await assert.rejects(
      followJob(
        record,
        { log: 0, 'trainer-log': 0 },
        { points: () => undefined },
        {
          connect: () => {
            tries++;
            return Promise.reject(refusal);
          },
          backoffMs: [10],
        },
      ),
      /host key changed/,
    );
    assert.equal(tries, 1);
  });

  it('stops following when aborted, leaving the job running', async () => {
    const p = project();
    const record = await launch(p, { FAKE_STEPS: '200', FAKE_DELAY: '0.05' });
    const controller = new AbortController();
    let host: LocalShellHost | undefined;
    const following = followJob(
      record,
      { log: 0, 'trainer-log': 0 },
      { points: (batch) => batch.points.some((pt) => pt.source === 'trainer-log') && controller.abort() },
      {
        connect: () => Promise.resolve((host = new LocalShellHost(p.home))),
        signal: controller.signal,
        flushMs: 20,
      },
    );
    const final = await following;
    assert.equal(final.state, 'running');
    assert.equal(host?.runningCommands, 0, 'the follow commands were ended');
    const check = new LocalShellHost(p.home);
    try {
      const status = (await jobStatuses(check, [record])).get(record.id);
      assert.equal(status?.state, 'running', 'the job itself was left alone');
      assert.equal(await cancelJob(check, record, 1), 'terminated');
    } finally {
      check.close();
    }
  });
});
