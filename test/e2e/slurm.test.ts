import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { followJob } from '../../src/core/jobs/jobFollower';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { cancelJob, deleteJobFolder, jobStatuses, launchJob, statusChange } from '../../src/core/jobs/jobRunner';
import { JobStore } from '../../src/core/jobs/jobStore';
import type { MetricPoint } from '../../src/core/jobs/metrics/metricPoint';
import type { SlurmOptions } from '../../src/core/jobs/slurm/slurmOptions';
import { planUploads } from '../../src/core/jobs/uploadPlan';
import { repoRoot } from '../repoRoot';
import { cli } from '../unit/cli/cliHarness';
import { TestSlurmCluster } from '../support/slurmCluster';
import type { TestSshServer } from '../support/sshServer';
import { connectTo, startServerOrSkip, targetOf } from './e2eHelpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');
/** Node 0 trains (and writes trainer_log.jsonl, as rank 0 does); the other nodes only report. */
const TEMPLATE = `[ "$NODE_RANK" = 0 ] || exec echo "node $NODE_RANK of $NNODES, master $MASTER_ADDR:$MASTER_PORT"; sh ${FAKE_TRAINER} train {config}`;

function project(dirName = 'tunelab-slurm-remote '): { root: string; config: string; workdir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tunelab-project-'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
  writeFileSync(join(root, 'data', 'tiny.jsonl'), '{"instruction": "hi", "output": "hello there"}\n');
  mkdirSync(join(root, 'configs'));
  const config = join(root, 'configs', 'sft.yaml');
  writeFileSync(config, 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ntemplate: qwen\noutput_dir: saves/run\n');
  return { root, config, workdir: mkdtempSync(join(tmpdir(), dirName)) };
}

function steps(points: MetricPoint[]): number[] {
  return points.filter((p) => p.source === 'trainer-log' && p.values.loss !== undefined).map((p) => p.step ?? -1);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('Slurm jobs on a real two-node cluster behind a real SSH login node', function () {
  this.timeout(240_000);
  let cluster: TestSlurmCluster;
  let server: TestSshServer;
  let timeoutRun: { done: Promise<Partial<JobRecord>>; submittedAt: number };

  before(async function () {
    const missing = TestSlurmCluster.unavailable();
    // Not skipped: the e2e tier's setup (scripts/test/setup-test-env.sh) installs Slurm, and CI runs as root.
    if (missing)
      throw new Error(
        `the Slurm scenarios need root and Debian's slurmctld, slurmd, slurm-client and munge (${missing}): run scripts/test/setup-test-env.sh as root`,
      );
    const started = Date.now();
    cluster = await TestSlurmCluster.start();
    server = await startServerOrSkip(this, { env: cluster.env() });
    console.log(`      cluster of ${cluster.nodes.length} nodes up in ${Date.now() - started} ms`);
    // Slurm's smallest limit is a minute: this job runs on its own node (partition short) while the other scenarios run.
    const submittedAt = Date.now();
    const record = await launch(project(), { partition: 'short', nodes: 1, time: '1' }, { FAKE_STEPS: '3000', FAKE_DELAY: '0.1' });
    timeoutRun = { done: follow(record, new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')))).done, submittedAt };
    timeoutRun.done.catch(() => undefined);
  });
  after(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  async function launch(p: ReturnType<typeof project>, slurm: Partial<SlurmOptions>, env: Record<string, string>, template = TEMPLATE): Promise<JobRecord> {
    const plan = planUploads(p.config, p.root, { dataset: 'tiny', output_dir: 'saves/run' });
    const host = await connectTo(server);
    try {
      return await launchJob(host, {
        target: targetOf(server),
        workdir: p.workdir,
        configRemote: plan.configRemote,
        configLocal: p.config,
        uploads: plan.files,
        commandTemplate: template,
        env,
        outputDir: 'saves/run',
        stage: 'sft',
        slurm: { nodes: 2, launcher: 'plain', partition: 'debug', ...slurm },
      });
    } finally {
      host.close();
    }
  }

  function follow(
    record: JobRecord,
    store: JobStore,
    options: { onPoint?: (count: number) => void; onState?: (change: Partial<JobRecord>) => void; signal?: AbortSignal } = {},
  ) {
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
        state: (change) => options.onState?.(change),
        reconnecting: () => reconnects++,
      },
      { connect: () => connectTo(server), backoffMs: [200], flushMs: 50, schedulerPollMs: 300, signal: options.signal },
    );
    return { done, reconnects: () => reconnects };
  }

  async function status(record: JobRecord): Promise<Partial<JobRecord>> {
    const host = await connectTo(server);
    try {
      const s = (await jobStatuses(host, [record])).get(record.id);
      assert.ok(s, 'a status');
      return statusChange(record, s);
    } finally {
      host.close();
    }
  }

  async function until(record: JobRecord, state: string): Promise<Partial<JobRecord>> {
    for (let i = 0; i < 300; i++) {
      const s = await status(record);
      if (s.state === state) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${record.id} never became ${state}: ${cluster.logs()}`);
  }

  it('submits, waits pending with the reason, runs on both nodes, and every point arrives once; each node saw the same rendezvous', async () => {
    // A job holding both nodes whole keeps ours pending (Resources) until it is cancelled.
    const blocker = cluster.run('sbatch', ['--parsable', '--nodes=2', '--exclusive', '--output=/dev/null', '--wrap=sleep 300']).trim();
    const p = project();
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const submittedAt = Date.now();
    const record = await launch(p, {}, { FAKE_STEPS: '20', FAKE_DELAY: '0.1' });
    store.save(record);
    assert.equal(record.state, 'pending');
    assert.match(record.slurm?.jobId ?? '', /^\d+$/);
    const script = readFileSync(join(record.jobDir, 'slurm.sh'), 'utf8');
    assert.match(script, /^#SBATCH --nodes=2$/m, 'the batch script is saved in the job folder');
    let releasedAt: number;
    let firstPointAt = 0;
    const states: string[] = [];
    let final: Partial<JobRecord>;
    try {
      const pending = await until(record, 'pending');
      // Slurm first says Priority, then Resources once the scheduler has looked at the job.
      assert.match(pending.slurm?.reason ?? '', /^(Resources|Priority)$/);
      // Its folder cannot be deleted while Slurm still holds the job.
      const host = await connectTo(server);
      try {
        await assert.rejects(deleteJobFolder(host, record), /still running/);
      } finally {
        host.close();
      }
      const following = follow(record, store, { onState: (c) => c.state && states.push(c.state), onPoint: () => (firstPointAt ||= Date.now()) });
      await new Promise((r) => setTimeout(r, 1000));
      releasedAt = Date.now();
      cluster.run('scancel', [blocker]);
      final = await following.done;
    } finally {
      cluster.run('scancel', [blocker]);
    }
    assert.equal(final.state, 'finished', cluster.logs());
    assert.equal(final.exitCode, 0);
    assert.equal(final.slurm?.state, 'COMPLETED');
    // The follower asks the scheduler while streaming: pending, then running, then how it ended.
    assert.deepEqual(
      states.filter((st, i) => st !== states[i - 1]),
      ['pending', 'running', 'finished'],
    );
    assert.deepEqual(steps(store.journal(record.id).points), range(20), 'every point, none twice');
    console.log(`      sbatch → first point: ${firstPointAt - releasedAt} ms after the nodes were free (${firstPointAt - submittedAt} ms with the wait)`);
    const env = (rank: number) =>
      Object.fromEntries(
        readFileSync(join(record.jobDir, `node-${rank}.env`), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=') as [string, string]),
      );
    assert.deepEqual(
      [env(0), env(1)].map(({ MASTER_ADDR, MASTER_PORT, NNODES, NODE_RANK }) => ({ MASTER_ADDR, MASTER_PORT, NNODES, NODE_RANK })),
      [
        { MASTER_ADDR: 'node1', MASTER_PORT: '29500', NNODES: '2', NODE_RANK: '0' },
        { MASTER_ADDR: 'node1', MASTER_PORT: '29500', NNODES: '2', NODE_RANK: '1' },
      ],
    );
    assert.match(readFileSync(join(record.jobDir, 'node-1.log'), 'utf8'), /^node 1 of 2, master node1:29500$/m);
    assert.doesNotMatch(readFileSync(join(record.jobDir, 'output.log'), 'utf8'), /node 1 of/, 'output.log holds rank 0 only');
  });

  it('cancels with scancel: the job ends cancelled on every node and the follower stops', async () => {
    const p = project();
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const submittedAt = Date.now();
    const record = await launch(p, {}, { FAKE_STEPS: '600', FAKE_DELAY: '0.1' });
    const sbatchDoneAt = Date.now();
    store.save(record);
    let cancelled: Promise<unknown> | undefined;
    let firstPointAt = 0;
    const following = follow(record, store, {
      onPoint: (count) => {
        if (count && !firstPointAt) {
          firstPointAt = Date.now();
          console.log(`      launch (probe, upload, sbatch) → first point on idle nodes: ${firstPointAt - submittedAt} ms`);
          console.log(`      sbatch → first point on idle nodes: ${firstPointAt - sbatchDoneAt} ms`);
        }
        if (count >= 3 && !cancelled) {
          cancelled = connectTo(server).then(async (host) => {
            try {
              assert.equal(await cancelJob(host, record), 'requested');
            } finally {
              host.close();
            }
          });
        }
      },
    });
    const final = await following.done;
    await cancelled;
    assert.equal(final.state, 'cancelled');
    assert.equal(final.slurm?.state, 'CANCELLED');
    assert.ok(steps(store.journal(record.id).points).length < 600);
    assert.equal(cluster.run('squeue', ['-h', '-j', record.slurm?.jobId ?? '', '-o', '%T']).trim(), '');
  });

  it('re-attaches after a cut link and after a restart, with every point once', async () => {
    const p = project();
    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    const record = await launch(p, {}, { FAKE_STEPS: '40', FAKE_DELAY: '0.1' });
    store.save(record);
    // First follower: cut the link once, then "restart" (abort) mid-run.
    const stop = new AbortController();
    let cut = false;
    const first = follow(record, store, {
      signal: stop.signal,
      onPoint: (count) => {
        if (!cut && count >= 5) {
          cut = true;
          server.killSessions();
        }
        if (count >= 15) stop.abort();
      },
    });
    await first.done;
    assert.ok(cut && first.reconnects() >= 1, 'reconnected after the cut');
    // A new follower from the stored offsets, knowing only the record (the Slurm job id).
    const reloaded = store.get(record.id);
    assert.equal(reloaded?.slurm?.jobId, record.slurm?.jobId);
    const final = await follow(reloaded as JobRecord, store).done;
    assert.equal(final.state, 'finished');
    assert.deepEqual(steps(store.journal(record.id).points), range(40));
  });

  it('hostile names inject nothing: refused values submit nothing, quoted paths and placeholders run nothing', async () => {
    // The canary is created in the home folder (`cd` alone goes there), so its command needs no slash and can sit in a folder name.
    const canary = join(homedir(), `tunelab-pwned-${process.pid}`);
    const touch = `$(cd; touch tunelab-pwned-${process.pid})`;
    const before = cluster.run('squeue', ['-h', '-o', '%i']);
    for (const bad of [{ jobName: `x${touch}` }, { partition: 'debug\n#SBATCH --uid=0' }, { account: "a' b" }, { time: '1`id`' }, { constraint: 'a;b' }]) {
      await assert.rejects(launch(project(), bad, {}), /not accepted/);
    }
    assert.equal(cluster.run('squeue', ['-h', '-o', '%i']), before, 'nothing was submitted');
    // A working directory full of shell syntax: quoted everywhere, run as text.
    const p = project(`tunelab-slurm '${touch}' \`${touch.slice(2, -1)}\` `);
    const record = await launch(p, { jobName: 'hostile-ok' }, { FAKE_STEPS: '3', FAKE_DELAY: '0' });
    const final = await follow(record, new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')))).done;
    assert.equal(final.state, 'finished', readFileSync(join(record.jobDir, 'output.log'), 'utf8'));
    assert.ok(!existsSync(canary), 'a name ran a command');
    assert.match(cluster.run('scontrol', ['-o', 'show', 'job', record.slurm?.jobId ?? '']), / JobName=hostile-ok /);
    assert.match(readFileSync(join(record.jobDir, 'output.log'), 'utf8'), /fake trainer: 3 steps/);
    // A folder Slurm would misread in its log path is refused before anything is submitted.
    await assert.rejects(launch(project('tunelab-slurm-%j-'), {}, {}), /% or/);
    assert.ok(!existsSync(canary));
  });

  it('the CLI: launch --slurm shows the script, submits, follows every point; list shows the state; a bad value submits nothing', async () => {
    const p = project();
    const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };
    const common = [
      'job',
      'launch',
      'configs/sft.yaml',
      '--host',
      `${server.user}@127.0.0.1:${server.port}`,
      '--identity',
      server.clientKey,
      '--accept-new-host-key',
      '--workdir',
      p.workdir,
      '--command',
      TEMPLATE,
      '--env',
      'FAKE_STEPS=5',
      '--env',
      'FAKE_DELAY=0.05',
    ];
    const before = cluster.run('squeue', ['-h', '-o', '%i']);
    const refused = await cli([...common, '--slurm', '--partition', 'debug;id'], p.root, env);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /partition = "debug;id" is not accepted/);
    assert.equal(cluster.run('squeue', ['-h', '-o', '%i']), before, 'nothing was submitted');
    const run = await cli(
      [...common, '--slurm', '--partition', 'debug', '--nodes', '2', '--launcher', 'plain', '--job-name', 'cli-sft', '--show-script', '--follow'],
      p.root,
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^#SBATCH --job-name=cli-sft$/m, 'the script, before submission');
    assert.match(run.stderr, /Submitted job \S+ to Slurm on \S+: Slurm job \d+, script .*slurm\.sh\./);
    const points = run.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { source: string; step: number });
    assert.deepEqual(
      points.filter((pt) => pt.source === 'trainer-log').map((pt) => pt.step),
      range(5),
    );
    const list = await cli(['job', 'list'], p.root, env);
    assert.match(list.stdout, /^\S+\s+finished\s/m);
  });

  it('a job over its time limit ends as timeout (submitted first, checked last: Slurm kills at the next minute check)', async () => {
    const final = await timeoutRun.done;
    assert.equal(final.state, 'failed');
    assert.equal(final.slurm?.state, 'TIMEOUT');
    assert.equal(final.slurm?.reason, 'TimeLimit');
    console.log(`      --time=1: ended as TIMEOUT ${Math.round((Date.now() - timeoutRun.submittedAt) / 1000)} s after sbatch`);
  });
});
