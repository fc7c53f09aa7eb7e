import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { repoRoot } from '../repoRoot';
import type { TestSshServer } from '../support/sshServer';
import { cli } from '../unit/cli/cliHarness';
import { startServerOrSkip } from './e2eHelpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

describe('tunelab job honours --identity for jobs it already knows (real sshd)', function () {
  this.timeout(120_000);
  let server: TestSshServer;
  before(async function () {
    server = await startServerOrSkip(this);
  });
  after(() => server?.stop());

  it('job list and job log reach the host with the key given, not the one stored at launch', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tunelab-cli-project-'));
    writeFileSync(join(project, 'sft.yaml'), 'stage: sft\noutput_dir: saves/run\n');
    const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };
    const workdir = mkdtempSync(join(tmpdir(), 'tunelab-cli-remote '));
    const launched = await cli(
      [
        'job',
        'launch',
        'sft.yaml',
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
        '--env',
        'FAKE_DELAY=0',
      ],
      project,
      env,
    );
    assert.equal(launched.code, 0, launched.stderr);
    const id = launched.stdout.trim();

    // The key used at launch has moved: the stored record names a file that is gone.
    const storeFile = join(home, 'state', 'tunelab', 'jobs', 'jobs.json');
    const records = JSON.parse(readFileSync(storeFile, 'utf8')) as JobRecord[];
    const moved = join(home, 'moved', 'key');
    mkdirSync(join(home, 'moved'));
    writeFileSync(storeFile, JSON.stringify(records.map((r) => ({ ...r, state: 'running', target: { ...r.target, identityFiles: [moved] } }))));
    const without = await cli(['job', 'list', '--json'], project, env);
    assert.match(without.stderr, /states not refreshed/, 'the stored key alone cannot connect');

    const listed = await cli(['job', 'list', '--json', '--identity', server.clientKey], project, env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stderr, /states not refreshed/);
    const state = (JSON.parse(listed.stdout) as JobRecord[]).find((r) => r.id === id)?.state;
    assert.ok(state === 'running' || state === 'finished', `asked the host: ${state}`);
    // Wait for the one-step job to end, so its log is complete.
    for (
      let i = 0;
      i < 100 &&
      (JSON.parse((await cli(['job', 'list', '--json', '--identity', server.clientKey], project, env)).stdout) as JobRecord[])[0].state === 'running';
      i++
    )
      await new Promise((r) => setTimeout(r, 200));
    const log = await cli(['job', 'log', id, '--identity', server.clientKey], project, env);
    assert.equal(log.code, 0, log.stderr);
    assert.match(log.stdout, /fake trainer: 1 steps/);
    // --identity is used for this run only: the record keeps what it had.
    assert.deepEqual((JSON.parse(readFileSync(storeFile, 'utf8')) as JobRecord[])[0].target.identityFiles, [moved]);
  });
});
