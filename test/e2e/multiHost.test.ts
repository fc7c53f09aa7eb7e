import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTarget } from '../../src/core/jobs/hosts/sshHosts';
import { followJob } from '../../src/core/jobs/jobFollower';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { JobError } from '../../src/core/jobs/jobRunner';
import { JobStore } from '../../src/core/jobs/jobStore';
import type { MetricPoint } from '../../src/core/jobs/metrics/metricPoint';
import type { MultiHostOptions } from '../../src/core/jobs/multihost/multiHostOptions';
import { cancelMultiHost, launchMultiHost } from '../../src/core/jobs/multihost/multiHostRunner';
import { multiHostStatus } from '../../src/core/jobs/multihost/multiHostStatus';
import { planUploads } from '../../src/core/jobs/uploadPlan';
import { freePort } from '../support/sshServer';
import { cli } from '../unit/cli/cliHarness';
import type { TestSshServer } from '../support/sshServer';
import { connectTo, startServerOrSkip, targetOf } from './e2eHelpers';

/**
 * Two real sshd on two loopback ports stand for two machines: each gives its sessions a HOME of
 * its own, so `~/runs` is a different folder on each "host" (nothing shared unless a test says
 * so). The trainer is a shell script written here: every rank writes what rendezvous it saw to
 * a file in its working directory, and rank 0 alone writes trainer_log.jsonl, as a real trainer's
 * main process does.
 */
const TRAINER = `#!/bin/sh
printf 'MASTER_ADDR=%s\\nMASTER_PORT=%s\\nNNODES=%s\\nNODE_RANK=%s\\nFORCE_TORCHRUN=%s\\nHOME=%s\\n' "$MASTER_ADDR" "$MASTER_PORT" "$NNODES" "$NODE_RANK" "$FORCE_TORCHRUN" "$HOME" > "rank-$NODE_RANK.env"
echo $$ > "rank-$NODE_RANK.pid"
trap 'echo "rank $NODE_RANK stopping"; exit 143' TERM
steps=\${FAKE_STEPS:-12}
if [ "$NODE_RANK" != 0 ]; then
  i=0; while [ "$i" -lt "$steps" ]; do sleep "\${FAKE_DELAY:-0.05}"; i=$((i + 1)); done
  exit 0
fi
mkdir -p saves/run
: > saves/run/trainer_log.jsonl
i=1
while [ "$i" -le "$steps" ]; do
  printf '{"current_steps": %d, "total_steps": %d, "loss": %s}\\n' "$i" "$steps" "$(awk -v i="$i" 'BEGIN { printf "%.4f", 2.5 / (1 + 0.15 * i) }')" >> saves/run/trainer_log.jsonl
  echo "step $i"
  sleep "\${FAKE_DELAY:-0.05}"
  i=$((i + 1))
done
`;

/** Whether a process runs: it exists and is not a zombie (an init that does not reap keeps those). */
function runs(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('Multi-host jobs over plain SSH: two real sshd as two hosts', function () {
  this.timeout(120_000);
  const servers: TestSshServer[] = [];
  const homes: string[] = [];
  let trainer: string;

  before(async function () {
    for (let i = 0; i < 2; i++) {
      const home = mkdtempSync(join(tmpdir(), `tunelab-host${i}-home-`));
      homes.push(home);
      servers.push(await startServerOrSkip(this, { env: { HOME: home } }));
    }
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-multihost-trainer-'));
    trainer = join(dir, 'trainer.sh');
    writeFileSync(trainer, TRAINER, { mode: 0o755 });
  });
  after(async () => {
    for (const s of servers) await s.stop();
  });

  const targets = (): HostTarget[] => servers.map((s, i) => ({ ...targetOf(s), name: `host${i}` }));
  const connect = (target: HostTarget) => connectTo(servers[servers.findIndex((s) => s.port === target.port)]);

  function project(): { root: string; config: string } {
    const root = mkdtempSync(join(tmpdir(), 'tunelab-multihost-project-'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
    writeFileSync(join(root, 'data', 'tiny.jsonl'), '{"instruction": "你好", "output": "hello"}\n');
    const config = join(root, 'sft.yaml');
    writeFileSync(config, 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ntemplate: qwen\noutput_dir: saves/run\n');
    return { root, config };
  }

  async function launch(
    workdir: string,
    options: Partial<MultiHostOptions>,
    env: Record<string, string> = {},
    extra: { template?: string; setup?: string } = {},
  ): Promise<JobRecord> {
    const p = project();
    const plan = planUploads(p.config, p.root, { dataset: 'tiny', output_dir: 'saves/run' });
    return launchMultiHost(
      connect,
      {
        targets: targets(),
        workdir,
        configRemote: plan.configRemote,
        configLocal: p.config,
        uploads: plan.files,
        commandTemplate: extra.template ?? `sh ${trainer} {config}`,
        setup: extra.setup,
        env,
        outputDir: 'saves/run',
        stage: 'sft',
        multiHost: { launcher: 'llamafactory', masterAddr: '127.0.0.1', ...options },
      },
      undefined,
      undefined,
      5,
    );
  }

  const envOf = (dir: string, rank: number) =>
    Object.fromEntries(
      readFileSync(join(dir, `rank-${rank}.env`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

  async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function follow(record: JobRecord, store: JobStore, signal?: AbortSignal, onPoint?: (n: number) => void) {
    let count = 0;
    return followJob(
      record,
      store.journal(record.id).offsets,
      {
        points: (batch) => {
          store.append(record.id, batch);
          count += batch.points.filter((p) => p.source === 'trainer-log').length;
          onPoint?.(count);
        },
      },
      { connect: () => connect(record.target), backoffMs: [200], flushMs: 50, signal },
    );
  }

  const steps = (points: readonly MetricPoint[]) => points.filter((p) => p.source === 'trainer-log' && p.values.loss !== undefined).map((p) => p.step);

  it('starts one launcher per host with the same rendezvous, uploads to each, and follows rank 0 once through a re-attach', async () => {
    const port = await freePort();
    const launchedAt = Date.now();
    const record = await launch('~/runs', { masterPort: port }, { FAKE_STEPS: '30', FAKE_DELAY: '0.1' });
    const startedAt = Date.now();
    const dirs = homes.map((h) => join(h, 'runs'));
    assert.equal(record.multiHost?.nodes.length, 2);
    assert.equal(record.workdir, dirs[0]);
    assert.deepEqual(
      record.multiHost?.nodes.map((n) => n.workdir),
      dirs,
    );
    // Each host got its own copy of the config and the dataset (no shared filesystem).
    for (const dir of dirs) assert.ok(existsSync(join(dir, 'data', 'tiny.jsonl')) && existsSync(join(dir, 'sft.yaml')), dir);

    const store = new JobStore(mkdtempSync(join(tmpdir(), 'tunelab-store-')));
    store.save(record);
    // Follow, stop following part-way (a window closed), then re-attach from what was stored.
    const stop = new AbortController();
    let firstPointAt = 0;
    const first = follow(record, store, stop.signal, (n) => {
      if (n && !firstPointAt) {
        firstPointAt = Date.now();
        console.log(
          `      2 hosts: launch (connect, pre-check, upload ×2, start ×2) ${startedAt - launchedAt} ms; → first point ${firstPointAt - launchedAt} ms`,
        );
      }
      if (n >= 5) stop.abort();
    });
    await first;
    assert.ok(steps(store.journal(record.id).points).length < 30, 'stopped before the end');
    const final = await follow(record, store);
    assert.equal(final.state, 'finished');
    assert.deepEqual(
      steps(store.journal(record.id).points),
      Array.from({ length: 30 }, (_, i) => i + 1),
      'every point of rank 0 exactly once',
    );

    const seen = dirs.map((d, rank) => envOf(d, rank));
    for (const [rank, env] of seen.entries()) {
      assert.equal(env.MASTER_ADDR, '127.0.0.1');
      assert.equal(env.MASTER_PORT, String(port));
      assert.equal(env.NNODES, '2');
      assert.equal(env.NODE_RANK, String(rank));
      assert.equal(env.FORCE_TORCHRUN, '1', 'LLaMA-Factory goes multi-node through torchrun only when forced');
      assert.equal(env.HOME, homes[rank], 'each rank ran on its own host');
    }
    assert.ok(!existsSync(join(dirs[1], 'saves', 'run', 'trainer_log.jsonl')), 'rank 1 writes no metrics');
    await waitFor('every host to end', async () => (await multiHostStatus(connect, record)).state === 'finished');
  });

  it('uploads once when the working directory is shared, with a job folder per host', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'tunelab-multihost-shared-'));
    const uploads: string[] = [];
    const p = project();
    const plan = planUploads(p.config, p.root, { dataset: 'tiny', output_dir: 'saves/run' });
    const record = await launchMultiHost(
      connect,
      {
        targets: targets(),
        workdir: shared,
        configRemote: plan.configRemote,
        uploads: plan.files,
        commandTemplate: `sh ${trainer} {config}`,
        env: { FAKE_STEPS: '3' },
        outputDir: 'saves/run',
        multiHost: { launcher: 'plain', masterAddr: '127.0.0.1', masterPort: await freePort(), sharedWorkdir: true },
      },
      (step, detail) => {
        if (step === 'upload' && detail?.file) uploads.push(detail.file);
      },
      undefined,
      5,
    );
    assert.deepEqual(uploads.sort(), plan.files.map((f) => f.remote).sort(), 'each file uploaded once');
    assert.deepEqual(readdirSync(join(shared, '.tunelab', 'jobs')).sort(), [record.id, `${record.id}-node1`]);
    await waitFor('both ranks to finish', async () => (await multiHostStatus(connect, record)).state === 'finished');
    assert.equal(envOf(shared, 0).NODE_RANK, '0');
    assert.equal(envOf(shared, 1).NODE_RANK, '1');
    assert.equal(envOf(shared, 1).FORCE_TORCHRUN, '', 'the plain launcher adds nothing');
  });

  it('puts the torchrun rendezvous flags in front of a training script, as the Slurm batch script does', async () => {
    // A stand-in torchrun first on PATH (through the setup line): it records its flags and runs the script.
    const bin = mkdtempSync(join(tmpdir(), 'tunelab-fake-torchrun-'));
    writeFileSync(join(bin, 'torchrun'), '#!/bin/sh\nprintf "%s\\n" "$@" > "torchrun-$NODE_RANK.args"\nshift 5\nexec sh "$@"\n', { mode: 0o755 });
    const port = await freePort();
    const record = await launch(
      '~/torchrun-runs',
      { masterPort: port, launcher: 'torchrun', gpusPerNode: 4 },
      { FAKE_STEPS: '2' },
      { template: `${trainer} {config}`, setup: `PATH=${bin}:$PATH` },
    );
    const dirs = homes.map((h) => join(h, 'torchrun-runs'));
    await waitFor('both ranks to end', async () => (await multiHostStatus(connect, record)).state === 'finished');
    for (const [rank, dir] of dirs.entries()) {
      assert.deepEqual(
        readFileSync(join(dir, `torchrun-${rank}.args`), 'utf8')
          .trim()
          .split('\n')
          .slice(0, 5),
        ['--nnodes=2', `--node_rank=${rank}`, '--nproc_per_node=4', '--master_addr=127.0.0.1', `--master_port=${port}`],
      );
      assert.equal(envOf(dir, rank).NODE_RANK, String(rank));
    }
  });

  it('cancel stops the launcher on every host', async () => {
    const record = await launch('~/cancel-runs', { masterPort: await freePort() }, { FAKE_STEPS: '100000', FAKE_DELAY: '0.2' });
    const dirs = homes.map((h) => join(h, 'cancel-runs'));
    await waitFor('both ranks to run', () => dirs.every((d, rank) => existsSync(join(d, `rank-${rank}.pid`))));
    assert.equal((await multiHostStatus(connect, record)).state, 'running');
    const pids = dirs.map((d, rank) => Number(readFileSync(join(d, `rank-${rank}.pid`), 'utf8')));
    const cancelled = await cancelMultiHost(connect, record, 5);
    assert.equal(cancelled.result, 'terminated');
    assert.deepEqual(
      cancelled.nodes.map((n) => n.result),
      ['terminated', 'terminated'],
    );
    for (const pid of pids) assert.ok(!runs(pid), `the trainer process ${pid} is gone`);
    assert.equal((await multiHostStatus(connect, record)).state, 'cancelled');
  });

  it('a master port the pre-check cannot use starts nothing and names the host and port', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(
        launch('~/blocked-runs', { masterPort: port }),
        (error: unknown) => error instanceof JobError && error.args.includes(String(port)) && error.args.includes('host0'),
      );
    } finally {
      blocker.close();
    }
    for (const home of homes) assert.ok(!existsSync(join(home, 'blocked-runs')), 'nothing written on any host');
  });

  it('the CLI: launch --hosts, list, cancel on both hosts', async () => {
    const p = project();
    const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };
    const port = await freePort();
    const launched = await cli(
      [
        'job',
        'launch',
        'sft.yaml',
        '--hosts',
        servers.map((s) => `${s.user}@127.0.0.1:${s.port}`).join(','),
        '--identity',
        servers[0].clientKey,
        ...servers.slice(1).flatMap((s) => ['--identity', s.clientKey]),
        '--accept-new-host-key',
        '--master-addr',
        '127.0.0.1',
        '--master-port',
        String(port),
        '--workdir',
        '~/cli-runs',
        '--command',
        `sh ${trainer} {config}`,
        '--env',
        'FAKE_STEPS=100000',
        '--env',
        'FAKE_DELAY=0.2',
      ],
      p.root,
      env,
    );
    assert.equal(launched.code, 0, launched.stderr);
    const id = launched.stdout.trim();
    assert.match(launched.stderr, new RegExp(`Started job ${id} on 2 hosts .*127\\.0\\.0\\.1:${port}`));
    const dirs = homes.map((h) => join(h, 'cli-runs'));
    await waitFor('both ranks to run', () => dirs.every((d, rank) => existsSync(join(d, `rank-${rank}.pid`))));
    assert.equal(envOf(dirs[1], 1).MASTER_PORT, String(port));
    const listed = await cli(['job', 'list', '--json', ...servers.flatMap((s) => ['--identity', s.clientKey])], p.root, env);
    const [record] = JSON.parse(listed.stdout) as JobRecord[];
    assert.equal(record.state, 'running');
    assert.equal(record.multiHost?.nodes.length, 2);
    const pids = dirs.map((d, rank) => Number(readFileSync(join(d, `rank-${rank}.pid`), 'utf8')));
    const cancelled = await cli(['job', 'cancel', id, ...servers.flatMap((s) => ['--identity', s.clientKey])], p.root, env);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stderr, /\(rank 0\): terminated/);
    assert.match(cancelled.stderr, /\(rank 1\): terminated/);
    for (const pid of pids) assert.ok(!runs(pid), `the trainer process ${pid} is gone`);
    const after = await cli(['job', 'list', '--json'], p.root, env);
    assert.equal((JSON.parse(after.stdout) as JobRecord[])[0].state, 'cancelled');
  });

  it('a hostile master address is refused before any connection', async () => {
    await assert.rejects(
      launch('~/hostile-runs', { masterAddr: '127.0.0.1; touch /tmp/tunelab-pwned-multihost' }),
      (error: unknown) => error instanceof JobError,
    );
    assert.ok(!existsSync('/tmp/tunelab-pwned-multihost'));
  });
});
