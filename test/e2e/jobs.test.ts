import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followJob } from '../../src/core/jobs/jobFollower';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { cancelJob, deleteJobFolder, jobStatuses, launchJob } from '../../src/core/jobs/jobRunner';
import { JobStore } from '../../src/core/jobs/jobStore';
import type { MetricPoint } from '../../src/core/jobs/metrics/metricPoint';
import { planUploads } from '../../src/core/jobs/uploadPlan';
import { repoRoot } from '../repoRoot';
import type { TestSshServer } from '../support/sshServer';
import { connectTo, startServerOrSkip, targetOf } from './e2eHelpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

/** A local project with a config and a dataset, and an empty remote working directory. */
function project(name: string, outputDir = 'saves/run'): { root: string; config: string; workdir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tunelab-project-'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
  writeFileSync(join(root, 'data', 'tiny.jsonl'), '{"instruction": "hi", "output": "hello there"}\n');
  mkdirSync(join(root, 'configs'));
  const config = join(root, 'configs', name);
  writeFileSync(config, `model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ntemplate: qwen\noutput_dir: ${outputDir}\n`);
  return { root, config, workdir: mkdtempSync(join(tmpdir(), 'tunelab-remote ')) };
}

async function launch(
  server: TestSshServer,
  p: ReturnType<typeof project>,
  env: Record<string, string>,
  commandTemplate = `sh ${FAKE_TRAINER} train {config}`,
): Promise<JobRecord> {
  const plan = planUploads(p.config, p.root, { dataset: 'tiny', output_dir: 'saves/run' });
  const host = await connectTo(server);
  try {
    return await launchJob(host, {
      target: targetOf(server),
      workdir: p.workdir,
      configRemote: plan.configRemote,
      configLocal: p.config,
      uploads: plan.files,
      commandTemplate,
      env,
      outputDir: readFileSync(p.config, 'utf8').match(/output_dir: (.*)/)?.[1],
      stage: 'sft',
    });
  } finally {
    host.close();
  }
}

function follow(server: TestSshServer, record: JobRecord, store: JobStore, options: { onPoint?: (count: number) => void; signal?: AbortSignal } = {}) {
  let count = 0;
  let reconnects = 0;
  const done = followJob(
    record,
    store.journal(record.id).offsets,
    {
      points: (batch) => {
        store.append(record.id, batch);
        count += batch.points.filter((p) => p.source === 'trainer-log').length;
        options.onPoint?.(count);
      },
      reconnecting: () => reconnects++,
    },
    { connect: () => connectTo(server), backoffMs: [200], flushMs: 50, signal: options.signal },
  );
  return { done, reconnects: () => reconnects };
}

function steps(points: MetricPoint[], source: MetricPoint['source']): number[] {
  return points.filter((p) => p.source === source && p.values.loss !== undefined).map((p) => p.step ?? -1);
}

describe('training jobs on a real SSH host', function () {
  this.timeout(120_000);
  let server: TestSshServer;
  before(async function () {
    server = await startServerOrSkip(this);
  });
  after(async () => server?.stop());

  it('uploads, launches detached, and every point arrives in order', async () => {
    const p = project('sft.yaml');
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '15', FAKE_DELAY: '0.05' });
    store.save(record);
    assert.equal(record.state, 'running');
    assert.ok(record.pid && record.pid > 1);
    assert.ok(existsSync(join(p.workdir, 'configs', 'sft.yaml')), 'config uploaded');
    assert.ok(existsSync(join(p.workdir, 'data', 'tiny.jsonl')), 'dataset uploaded');
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'finished');
    assert.equal(final.exitCode, 0);
    const journal = store.journal(record.id);
    assert.deepEqual(
      steps(journal.points, 'trainer-log'),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      steps(journal.points, 'stdout'),
      Array.from({ length: 15 }, (_, i) => i + 1),
      'stdout dicts placed on the tqdm step',
    );
    assert.equal(journal.points.find((pt) => pt.source === 'stdout')?.values.grad_norm !== undefined, true);
    assert.equal(journal.offsets['trainer-log'], readFileSync(join(p.workdir, 'saves', 'run', 'trainer_log.jsonl')).length);
    assert.equal(journal.progress?.current, 15);
  });

  it('skips uploading files that have not changed (size + SHA-256)', async () => {
    const p = project('again.yaml');
    await launch(server, p, { FAKE_STEPS: '1', FAKE_DELAY: '0' });
    const before = readdirSync(join(p.workdir, 'data')).map((f) => readFileSync(join(p.workdir, 'data', f), 'utf8'));
    writeFileSync(join(p.workdir, 'data', 'marker'), 'x');
    const host = await connectTo(server);
    const uploaded: string[] = [];
    try {
      const plan = planUploads(p.config, p.root, { dataset: 'tiny' });
      await launchJob(
        host,
        {
          target: targetOf(server),
          workdir: p.workdir,
          configRemote: plan.configRemote,
          uploads: plan.files,
          commandTemplate: `sh ${FAKE_TRAINER} train {config}`,
          env: { FAKE_STEPS: '1' },
        },
        (step, detail) => {
          if (step === 'upload' && detail?.file) uploaded.push(detail.file);
        },
      );
    } finally {
      host.close();
    }
    assert.deepEqual(uploaded, []);
    assert.ok(before.length >= 2);
  });

  it('keeps running when the connection is cut, and re-attaching brings every point exactly once', async () => {
    const p = project('cut.yaml');
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '40', FAKE_DELAY: '0.1' });
    store.save(record);
    let cut = false;
    const following = follow(server, record, store, {
      onPoint: (count) => {
        if (!cut && count >= 8) {
          cut = true;
          assert.ok(server.killSessions() > 0, 'sessions killed');
        }
      },
    });
    const final = await following.done;
    assert.ok(cut, 'the link was cut mid-run');
    assert.ok(following.reconnects() >= 1, 'reconnected');
    assert.equal(final.state, 'finished', 'the job survived the dropped link');
    const journal = store.journal(record.id);
    assert.deepEqual(
      steps(journal.points, 'trainer-log'),
      Array.from({ length: 40 }, (_, i) => i + 1),
      'all points, none twice',
    );
  });

  it('resumes from the stored offsets after a restart (a new follower, same store)', async () => {
    const p = project('restart.yaml');
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '30', FAKE_DELAY: '0.1' });
    store.save(record);
    const stop = new AbortController();
    const first = follow(server, record, store, { onPoint: (count) => count >= 5 && stop.abort(), signal: stop.signal });
    await first.done;
    const partial = store.journal(record.id);
    assert.ok(partial.points.length > 0 && partial.offsets['trainer-log'] > 0);
    await new Promise((r) => setTimeout(r, 500));
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'finished');
    assert.deepEqual(
      steps(store.journal(record.id).points, 'trainer-log'),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it('charts exactly this run: a stale log ignored, a truncation after re-attach read as a new file, over 4 link cuts', async () => {
    const p = project('stale.yaml');
    // An earlier run's log in the output folder (LLaMA-Factory removes it only once the model has loaded).
    mkdirSync(join(p.workdir, 'saves', 'run'), { recursive: true });
    const staleLines = Array.from(
      { length: 60 },
      (_, i) => `{"current_steps": ${i + 1}, "total_steps": 60, "loss": 9.99, "lr": 1e-05, "epoch": ${(i + 1) / 20}}\n`,
    );
    writeFileSync(join(p.workdir, 'saves', 'run', 'trainer_log.jsonl'), staleLines.join(''));
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const STEPS = 36;
    const record = await launch(server, p, {
      FAKE_STEPS: String(STEPS),
      FAKE_DELAY: '0.1',
      FAKE_LOG_MODE: 'replace-late',
      FAKE_LOAD_DELAY: '1.5',
      FAKE_TRUNCATE_AT: '18',
    });
    assert.equal(record.staleTrainerLog?.size, staleLines.join('').length, 'the stale log is recorded at launch');
    store.save(record);
    const cuts: number[] = [];
    const following = follow(server, record, store, {
      onPoint: (count) => {
        for (const at of [4, 10, 18, 27]) {
          if (count < at || cuts.includes(at)) continue;
          cuts.push(at);
          server.killSessions();
          // At step 18 the trainer truncates its log while the link is down.
          if (at === 18) writeFileSync(join(p.workdir, 'saves', 'run', 'truncate-now'), '');
        }
      },
    });
    const final = await following.done;
    assert.equal(final.state, 'finished');
    assert.deepEqual(cuts, [4, 10, 18, 27], 'four cuts');
    assert.ok(following.reconnects() >= 4, `reconnected ${following.reconnects()} times`);
    const journal = store.journal(record.id);
    const fromLog = journal.points.filter((pt) => pt.source === 'trainer-log');
    const got = fromLog.map((pt) => pt.step ?? -1);
    const figures = {
      stale: fromLog.filter((pt) => pt.values.loss === 9.99).length,
      lost: Array.from({ length: STEPS }, (_, i) => i + 1).filter((step) => !got.includes(step)).length,
      duplicated: got.length - new Set(got).size,
    };
    console.log(`      ${STEPS}-step run, ${staleLines.length} stale lines, ${cuts.length} cuts, 1 truncation: ${JSON.stringify(figures)}`);
    assert.deepEqual(figures, { stale: 0, lost: 0, duplicated: 0 });
    assert.deepEqual(
      steps(journal.points, 'trainer-log'),
      Array.from({ length: STEPS }, (_, i) => i + 1),
      'every point of the run, none twice',
    );
    assert.deepEqual(
      steps(journal.points, 'stdout'),
      Array.from({ length: STEPS }, (_, i) => i + 1),
      'the end-of-run summary is not a point',
    );
    assert.equal(journal.summary?.meanLoss, 1.1046);
    assert.equal(journal.summary?.runtime, 12.5);
  });

  it('a run appending to an earlier log charts only its own lines', async () => {
    const p = project('append.yaml');
    mkdirSync(join(p.workdir, 'saves', 'run'), { recursive: true });
    writeFileSync(
      join(p.workdir, 'saves', 'run', 'trainer_log.jsonl'),
      Array.from({ length: 25 }, (_, i) => `{"current_steps": ${i + 1}, "total_steps": 25, "loss": 9.99}\n`).join(''),
    );
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '12', FAKE_DELAY: '0.1', FAKE_LOG_MODE: 'append' });
    store.save(record);
    let cut = false;
    const final = await follow(server, record, store, { onPoint: (count) => count >= 5 && !cut && (cut = server.killSessions() > 0) }).done;
    assert.equal(final.state, 'finished');
    assert.ok(cut);
    const points = store.journal(record.id).points.filter((pt) => pt.source === 'trainer-log');
    assert.deepEqual(
      points.map((pt) => pt.step),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    assert.ok(points.every((pt) => pt.values.loss !== 9.99));
  });

  it('cancels the whole process group', async () => {
    const p = project('cancel.yaml');
    const record = await launch(server, p, { FAKE_STEPS: '1000', FAKE_DELAY: '0.1' });
    await new Promise((r) => setTimeout(r, 800));
    const pgid = record.pid!;
    assert.ok(groupMembers(pgid).length >= 2, 'wrapper and trainer are running in one group');
    const host = await connectTo(server);
    try {
      assert.equal(await cancelJob(host, record, 5), 'terminated');
      const status = (await jobStatuses(host, [record])).get(record.id);
      assert.equal(status?.state, 'cancelled');
      assert.deepEqual(groupMembers(pgid), [], 'no process of the group is left');
      await deleteJobFolder(host, record);
      assert.ok(!existsSync(record.jobDir));
    } finally {
      host.close();
    }
  });

  it('reports a failing command as failed with its exit code and output', async () => {
    const p = project('fail.yaml');
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '2', FAKE_DELAY: '0', FAKE_EXIT: '3' });
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'failed');
    assert.equal(final.exitCode, 3);
  });

  it('runs a compound command whole, as a shell does, with the exit code of the failing part', async () => {
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    // `python prep.py && llamafactory-cli train … | tee`: every part runs, the trainer's failure is the job's.
    const p = project('compound.yaml');
    const record = await launch(
      server,
      p,
      { FAKE_STEPS: '3', FAKE_DELAY: '0', FAKE_EXIT: '3' },
      `mkdir -p prep && cd prep && echo prepared > done.txt && cd .. && echo a; sh ${FAKE_TRAINER} train {config} | cat`,
    );
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'failed');
    assert.equal(final.exitCode, 3, 'the trainer exit code, through the pipe');
    assert.equal(readFileSync(join(p.workdir, 'prep', 'done.txt'), 'utf8'), 'prepared\n');
    assert.deepEqual(steps(store.journal(record.id).points, 'trainer-log'), [1, 2, 3], 'the trainer ran after the preparation');
    // A preparation failing in the middle: the trainer never runs, the job fails with its code.
    const q = project('prep-fails.yaml');
    const failing = await launch(server, q, { FAKE_STEPS: '3', FAKE_DELAY: '0' }, `cd no-such-folder && sh ${FAKE_TRAINER} train {config}`);
    const ended = await follow(server, failing, store).done;
    assert.equal(ended.state, 'failed');
    assert.equal(ended.exitCode, 1);
    assert.ok(!existsSync(join(q.workdir, 'saves', 'run', 'trainer_log.jsonl')), 'the trainer did not run');
  });

  it('keeps placeholders inert even inside quotes the user wrote', async () => {
    const p = project('$(touch PWNED) q.yaml', 'o$(touch PWNED)');
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(
      server,
      p,
      { FAKE_STEPS: '2', FAKE_DELAY: '0' },
      `printf '%s|' "{output_dir}" '{config}' > seen.txt && sh ${FAKE_TRAINER} train "{config}"`,
    );
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'finished');
    assert.equal(readFileSync(join(p.workdir, 'seen.txt'), 'utf8'), 'o$(touch PWNED)|configs/$(touch PWNED) q.yaml|');
    for (const dir of [p.workdir, join(p.workdir, 'configs'), record.jobDir]) assert.ok(!readdirSync(dir).includes('PWNED'), dir);
  });

  it('runs configs with hostile names in a working directory with spaces, injecting nothing', async () => {
    const p = project(`we'ird; $(touch PWNED) \`id\` 配置.yaml`);
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(server, p, { FAKE_STEPS: '3', FAKE_DELAY: '0', WEIRD_VALUE: "it's $(touch PWNED)" });
    const final = await follow(server, record, store).done;
    assert.equal(final.state, 'finished');
    assert.ok(existsSync(join(p.workdir, 'configs', `we'ird; $(touch PWNED) \`id\` 配置.yaml`)));
    for (const dir of [p.workdir, join(p.workdir, 'configs'), record.jobDir]) assert.ok(!existsSync(join(dir, 'PWNED')), dir);
    assert.equal(steps(store.journal(record.id).points, 'trainer-log').length, 3);
  });
});

/**
 * Live processes whose process group is `pgid` (from /proc). Zombies are left out: they have
 * exited and only wait for a parent to reap them (in a container whose init does not reap,
 * they linger), so no signal can reach them.
 */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(group) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
