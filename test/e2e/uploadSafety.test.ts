import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobError, launchJob } from '../../src/core/jobs/jobRunner';
import { buildLaunchRequest } from '../../src/core/jobs/launchRequest';
import { repoRoot } from '../repoRoot';
import type { TestSshServer } from '../support/sshServer';
import { cli } from '../unit/cli/cliHarness';
import { connectTo, startServerOrSkip, targetOf } from './e2eHelpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');
const FAKE_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';

/** A folder holding a local project (`proj/`) with a config and the data it names. */
function localSide(config: string, info: Record<string, unknown>): { base: string; root: string; config: string } {
  const base = mkdtempSync(join(tmpdir(), 'tunelab-upload-'));
  const root = join(base, 'proj');
  mkdirSync(join(root, 'configs'), { recursive: true });
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'dataset_info.json'), JSON.stringify(info));
  writeFileSync(join(root, 'data', 'tiny.jsonl'), '{"instruction": "hi", "output": "hello there"}\n');
  writeFileSync(join(root, 'configs', 'sft.yaml'), `model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ntemplate: qwen\noutput_dir: saves/run\n${config}`);
  return { base, root, config: join(root, 'configs', 'sft.yaml') };
}

/** Every file below `dir` on the "host" (the sshd runs on this machine), relative to it. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('uploads stay inside the working directory and the project (real sshd)', function () {
  this.timeout(120_000);
  let server: TestSshServer;
  before(async function () {
    server = await startServerOrSkip(this);
  });
  after(async () => server?.stop());

  async function launchFrom(local: ReturnType<typeof localSide>, workdir: string) {
    const { request, notes } = buildLaunchRequest(local.config, readFileSync(local.config, 'utf8'), local.root, targetOf(server), {
      workdir,
      commandTemplate: `sh ${FAKE_TRAINER} train {config}`,
      setup: '',
      env: { FAKE_STEPS: '1', FAKE_DELAY: '0' },
    });
    const host = await connectTo(server);
    try {
      return { record: await launchJob(host, request), notes, request };
    } finally {
      host.close();
    }
  }

  it('dataset_dir: ../outside writes nothing beside the working directory on the host', async () => {
    const local = localSide('dataset: tiny\ndataset_dir: ../outside\n', {});
    mkdirSync(join(local.base, 'outside'));
    writeFileSync(join(local.base, 'outside', 'dataset_info.json'), JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
    writeFileSync(join(local.base, 'outside', 'tiny.jsonl'), '{"instruction": "from outside", "output": "x"}\n');
    const remote = mkdtempSync(join(tmpdir(), 'tunelab-host-'));
    mkdirSync(join(remote, 'outside'));
    writeFileSync(join(remote, 'outside', 'dataset_info.json'), 'THE HOST OWNS THIS');
    const { record, notes, request } = await launchFrom(local, join(remote, 'work'));
    assert.equal(record.state, 'running');
    assert.equal(
      readFileSync(join(remote, 'outside', 'dataset_info.json'), 'utf8'),
      'THE HOST OWNS THIS',
      'the file beside the working directory is untouched',
    );
    assert.deepEqual(readdirSync(join(remote, 'outside')), ['dataset_info.json']);
    assert.ok(
      request.uploads.every((u) => !u.remote.split('/').includes('..')),
      JSON.stringify(request.uploads.map((u) => u.remote)),
    );
    assert.match(notes.map((n) => n.message).join('\n'), /dataset_dir \{0\} is outside the project/);
  });

  it('refuses an upload path that leaves the working directory before anything runs on the host', async () => {
    const local = localSide('dataset: tiny\n', { tiny: { file_name: 'tiny.jsonl' } });
    const remote = mkdtempSync(join(tmpdir(), 'tunelab-host-'));
    const host = await connectTo(server);
    try {
      const launching = launchJob(host, {
        target: targetOf(server),
        workdir: join(remote, 'work'),
        configRemote: 'configs/sft.yaml',
        uploads: [
          { local: local.config, remote: 'configs/sft.yaml', size: statSync(local.config).size },
          { local: join(local.root, 'data', 'tiny.jsonl'), remote: 'data/../../escaped.jsonl', size: 1 },
        ],
        commandTemplate: `sh ${FAKE_TRAINER} train {config}`,
        env: {},
      });
      await assert.rejects(launching, (error: unknown) => error instanceof JobError && /outside the working directory/.test(error.message));
    } finally {
      host.close();
    }
    assert.deepEqual(readdirSync(remote), [], 'not even the working directory was created');
  });

  it('refuses a folder on the host that is a symlink leading out of the working directory', async () => {
    const local = localSide('dataset: tiny\n', { tiny: { file_name: 'tiny.jsonl' } });
    const remote = mkdtempSync(join(tmpdir(), 'tunelab-host-'));
    mkdirSync(join(remote, 'work'));
    mkdirSync(join(remote, 'elsewhere'));
    symlinkSync(join(remote, 'elsewhere'), join(remote, 'work', 'data'));
    await assert.rejects(
      launchFrom(local, join(remote, 'work')),
      (error: unknown) => error instanceof JobError && /symlink or leads outside the working directory/.test(error.message),
    );
    assert.deepEqual(readdirSync(join(remote, 'elsewhere')), [], 'nothing written through the link');
    // A symlinked file on the host is refused too (an SFTP write would follow it).
    const other = mkdtempSync(join(tmpdir(), 'tunelab-host-'));
    mkdirSync(join(other, 'work', 'data'), { recursive: true });
    writeFileSync(join(other, 'victim.jsonl'), 'THE HOST OWNS THIS');
    symlinkSync(join(other, 'victim.jsonl'), join(other, 'work', 'data', 'tiny.jsonl'));
    await assert.rejects(launchFrom(local, join(other, 'work')), /symlink or leads outside/);
    assert.equal(readFileSync(join(other, 'victim.jsonl'), 'utf8'), 'THE HOST OWNS THIS');
  });

  it('never uploads what a link outside the project points at, nor files that look like keys (the CLI, end to end)', async () => {
    const local = localSide('dataset: tiny, leak, sniffed, shards\n', {
      tiny: { file_name: 'tiny.jsonl' },
      leak: { file_name: 'leak.json' },
      sniffed: { file_name: 'notes.json' },
      shards: { file_name: 'shards' },
    });
    // ~/.ssh/<key> of the user, outside the project, and a link to it in data/.
    mkdirSync(join(local.base, 'home', '.ssh'), { recursive: true });
    writeFileSync(join(local.base, 'home', '.ssh', 'id_ed25519'), FAKE_KEY, { mode: 0o600 });
    symlinkSync(join(local.base, 'home', '.ssh', 'id_ed25519'), join(local.root, 'data', 'leak.json'));
    // A key under an innocent name, and one named as a key in a dataset folder.
    writeFileSync(join(local.root, 'data', 'notes.json'), `{"x": 1}\n${FAKE_KEY}`);
    mkdirSync(join(local.root, 'data', 'shards'));
    writeFileSync(join(local.root, 'data', 'shards', 'a.jsonl'), '{"instruction": "a", "output": "b"}\n');
    writeFileSync(join(local.root, 'data', 'shards', 'id_rsa'), FAKE_KEY);
    // A link that stays inside the project is fine: its target's content is uploaded.
    symlinkSync(join(local.root, 'data', 'tiny.jsonl'), join(local.root, 'data', 'shards', 'b.jsonl'));

    const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };
    const workdir = mkdtempSync(join(tmpdir(), 'tunelab-host-'));
    const run = await cli(
      [
        'job',
        'launch',
        'configs/sft.yaml',
        '--host',
        `${server.user}@127.0.0.1:${server.port}`,
        '--identity',
        server.clientKey,
        '--accept-new-host-key',
        '--workdir',
        workdir,
        '--command',
        `sh ${FAKE_TRAINER} train {config}`,
        '--env',
        'FAKE_STEPS=1',
      ],
      local.root,
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const onHost = filesBelow(workdir).filter((f) => !f.startsWith('.tunelab/'));
    assert.deepEqual(onHost.filter((f) => f.startsWith('data/')).sort(), [
      'data/dataset_info.json',
      'data/shards/a.jsonl',
      'data/shards/b.jsonl',
      'data/tiny.jsonl',
    ]);
    for (const file of onHost) assert.doesNotMatch(readFileSync(join(workdir, file), 'latin1'), /PRIVATE KEY/, file);
    assert.equal(readFileSync(join(workdir, 'data', 'shards', 'b.jsonl'), 'utf8'), readFileSync(join(local.root, 'data', 'tiny.jsonl'), 'utf8'));
    assert.match(run.stderr, /data\/leak\.json is a link to a file outside the project: not uploaded/);
    assert.match(run.stderr, /data\/notes\.json looks like a key or credential \(PRIVATE KEY\): never uploaded/);
    assert.match(run.stderr, /data\/shards\/id_rsa looks like a key or credential \(id_rsa\): never uploaded/);
    assert.ok(!existsSync(join(workdir, 'data', 'leak.json')));
  });
});
