import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../repoRoot';
import type { TestSshServer } from '../support/sshServer';
import { cli } from '../unit/cli/cliHarness';
import { startServerOrSkip } from './e2eHelpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

/** A project folder and a fresh HOME (no known_hosts, no agent), as on a CI runner. */
function setup(): { project: string; env: NodeJS.ProcessEnv; workdir: string } {
  const project = mkdtempSync(join(tmpdir(), 'tunelab-cli-project-'));
  mkdirSync(join(project, 'data'));
  mkdirSync(join(project, 'configs'));
  writeFileSync(join(project, 'data', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
  writeFileSync(join(project, 'data', 'tiny.jsonl'), '{"instruction": "hi", "output": "hello there"}\n');
  writeFileSync(
    join(project, 'configs', 'sft.yaml'),
    'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ntemplate: qwen\noutput_dir: saves/run\n',
  );
  const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
  return {
    project,
    env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' },
    workdir: mkdtempSync(join(tmpdir(), 'tunelab-cli-remote ')),
  };
}

describe('tunelab job (the CLI) against a real sshd', function () {
  this.timeout(120_000);
  let server: TestSshServer;

  before(async function () {
    server = await startServerOrSkip(this, { fakeGpus: true });
  });
  after(() => server?.stop());

  const hostArgs = () => ['--host', `${server.user}@127.0.0.1:${server.port}`, '--identity', server.clientKey];
  const launchArgs = (workdir: string, env: string[] = []) => [
    'job',
    'launch',
    'configs/sft.yaml',
    ...hostArgs(),
    '--workdir',
    workdir,
    '--command',
    `sh ${FAKE_TRAINER} train {config}`,
    ...env.flatMap((e) => ['--env', e]),
  ];

  it('refuses an unknown host key without a terminal, naming the fingerprint and the way out', async () => {
    const { project, env, workdir } = setup();
    const run = await cli(launchArgs(workdir), project, env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /host key of \[127\.0\.0\.1\]:\d+ is unknown: ssh-ed25519 SHA256:\S+/);
    assert.match(run.stderr, /--accept-new-host-key/);
    assert.match(run.stderr, /was not trusted, so the connection was closed/);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(join(workdir, '.tunelab')), 'nothing ran on the host');
  });

  it('launches with --accept-new-host-key, follows every point as a JSON line, and lists the job', async () => {
    const { project, env, workdir } = setup();
    const launched = await cli([...launchArgs(workdir, ['FAKE_STEPS=6', 'FAKE_DELAY=0.1']), '--accept-new-host-key'], project, env);
    assert.equal(launched.code, 0, launched.stderr);
    const id = launched.stdout.trim();
    assert.match(id, /^\d{8}-\d{6}-\w+$/);
    assert.match(launched.stderr, /Trusting the new host key/);
    assert.match(launched.stderr, /GPU 1 NVIDIA A100-SXM4-80GB: 40960 of 81920 MiB free, 57% busy/, 'free memory per GPU before starting');
    assert.ok(readFileSync(join(env.XDG_CONFIG_HOME!, 'tunelab', 'known_hosts'), 'utf8').startsWith('|1|'), 'remembered, hashed');
    assert.ok(existsSync(join(workdir, 'data', 'tiny.jsonl')), 'the dataset was uploaded');

    // No --accept-new-host-key needed any more: the key is in the trust store.
    const followed = await cli(['job', 'follow', id.slice(0, 17), '--identity', server.clientKey], project, env);
    assert.equal(followed.code, 0, followed.stderr);
    const lines = followed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { job: string; source: string; step: number; values: Record<string, number> });
    const trainerSteps = lines.filter((l) => l.source === 'trainer-log').map((l) => l.step);
    assert.deepEqual(trainerSteps, [1, 2, 3, 4, 5, 6]);
    assert.ok(lines.every((l) => l.job === id && typeof l.values.loss === 'number'));
    assert.equal(lines.filter((l) => l.source === 'stdout').length, 6, 'the Trainer dict lines too');
    assert.match(followed.stderr, /^tunelab: Training job sft\.yaml @ \S+ finished after \d+ s\.$/m, 'the notification, printed');

    const again = await cli(['job', 'follow', id, '--new'], project, env);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, '', 'nothing new, nothing repeated');
    const replay = await cli(['job', 'follow', id], project, env);
    assert.equal(replay.stdout, followed.stdout, 'the stored series, once');

    const listed = await cli(['job', 'list', '--json'], project, env);
    const records = JSON.parse(listed.stdout) as Array<{ id: string; state: string; exitCode: number }>;
    assert.deepEqual(
      records.map((r) => [r.id, r.state, r.exitCode]),
      [[id, 'finished', 0]],
    );
    const table = await cli(['job', 'list'], project, env);
    assert.match(table.stdout, new RegExp(`${id}\\s+finished\\s+6/6\\s+sft\\.yaml @ ${server.user}@127\\.0\\.0\\.1:${server.port}`));

    const log = await cli(['job', 'log', id], project, env);
    assert.match(log.stdout, /fake trainer: 6 steps/);
    const deleted = await cli(['job', 'delete', id], project, env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(!existsSync(join(workdir, '.tunelab', 'jobs', id)));
    assert.deepEqual(JSON.parse((await cli(['job', 'list', '--json'], project, env)).stdout), []);
  });

  it('cancels a running job; following it then ends with exit code 1', async () => {
    const { project, env, workdir } = setup();
    const launched = await cli([...launchArgs(workdir, ['FAKE_STEPS=500', 'FAKE_DELAY=0.1']), '--accept-new-host-key'], project, env);
    assert.equal(launched.code, 0, launched.stderr);
    const id = launched.stdout.trim();
    const cancelled = await cli(['job', 'cancel', id], project, env);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stderr, /was cancelled/);
    const followed = await cli(['job', 'follow', id], project, env);
    assert.equal(followed.code, 1);
    assert.match(followed.stderr, /ended cancelled/);
  });

  it('stops following on Ctrl-C, leaving the job running, and resumes without repeating', async () => {
    const { project, env, workdir } = setup();
    const id = (await cli([...launchArgs(workdir, ['FAKE_STEPS=60', 'FAKE_DELAY=0.1']), '--accept-new-host-key'], project, env)).stdout.trim();
    // Ctrl-C once a few points are out (whenever that is on a busy machine).
    const controller = new AbortController();
    const onStdout = (text: string) => {
      if ((text.match(/"source":"trainer-log"/g) ?? []).length >= 3) controller.abort();
    };
    const first = await cli(['job', 'follow', id], project, env, { onStdout }, controller.signal);
    assert.equal(first.code, 130);
    assert.match(first.stderr, /keeps running/);
    const firstSteps = first.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { source: string; step: number })
      .filter((p) => p.source === 'trainer-log')
      .map((p) => p.step);
    assert.ok(firstSteps.length > 0 && firstSteps.length < 60, `${firstSteps.length} points before Ctrl-C`);
    const rest = await cli(['job', 'follow', id, '--new'], project, env);
    assert.equal(rest.code, 0, rest.stderr);
    const restSteps = rest.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; step: number })
      .filter((p) => p.source === 'trainer-log')
      .map((p) => p.step);
    assert.deepEqual(
      [...firstSteps, ...restSteps],
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
  });

  it('prints a failed run and its alert as notifications, and exits with 1', async () => {
    const { project, env, workdir } = setup();
    const launched = await cli(
      [...launchArgs(workdir, ['FAKE_STEPS=4', 'FAKE_DELAY=0.2', 'FAKE_NAN_AT=2', 'FAKE_EXIT=3']), '--accept-new-host-key'],
      project,
      env,
    );
    assert.equal(launched.code, 0, launched.stderr);
    const followed = await cli(['job', 'follow', launched.stdout.trim(), '--identity', server.clientKey], project, env);
    assert.equal(followed.code, 1);
    assert.match(followed.stderr, /^tunelab: Training job sft\.yaml @ \S+: loss is NaN at step 2: training has diverged/m);
    assert.match(followed.stderr, /^tunelab: Training job sft\.yaml @ \S+ failed with exit code 3 after \d+ s: see its log\.$/m);
  });

  it("lists the host's GPUs (a stand-in nvidia-smi: no GPU here), as text and JSON", async () => {
    const { project, env } = setup();
    const text = await cli(['job', 'gpus', ...hostArgs(), '--accept-new-host-key'], project, env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^0 {2}NVIDIA A100-SXM4-80GB {2}80896 of 81920 MiB free, 3% busy$/m);
    const json = await cli(['job', 'gpus', ...hostArgs(), '--json'], project, env);
    assert.deepEqual(
      (JSON.parse(json.stdout) as Array<{ index: number; freeMiB: number }>).map((g) => [g.index, g.freeMiB]),
      [
        [0, 80896],
        [1, 40960],
      ],
    );
  });

  it('refuses a changed host key even with --accept-new-host-key; following stops at once, naming the trust store', async () => {
    const { project, env, workdir } = setup();
    const launched = await cli([...launchArgs(workdir, ['FAKE_STEPS=30', 'FAKE_DELAY=0.1']), '--accept-new-host-key'], project, env);
    assert.equal(launched.code, 0, launched.stderr);
    await server.changeHostKey(); // the last test of this file: its server is its own
    const run = await cli([...launchArgs(workdir), '--accept-new-host-key'], project, env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has changed: it presented SHA256:\S+, but SHA256:\S+ is known/);
    const followed = await cli(['job', 'follow', launched.stdout.trim(), '--identity', server.clientKey], project, env);
    assert.equal(followed.code, 2, followed.stderr);
    assert.match(followed.stderr, /has changed/);
    assert.ok(followed.stderr.includes(join(env.XDG_CONFIG_HOME!, 'tunelab', 'known_hosts')), followed.stderr);
    assert.doesNotMatch(followed.stderr, /reconnecting/, 'no retry against a refused key');
  });
});
