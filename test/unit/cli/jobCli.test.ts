import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRecord } from '../../../src/core/jobs/jobRecord';
import { cli } from './cliHarness';

/** A HOME whose job store holds these records (no host is contacted for jobs that have ended). */
function homeWith(records: JobRecord[]): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
  mkdirSync(join(home, 'state', 'tunelab', 'jobs'), { recursive: true });
  writeFileSync(join(home, 'state', 'tunelab', 'jobs', 'jobs.json'), JSON.stringify(records));
  return { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };
}

function record(id: string, configRemote = 'configs/sft.yaml'): JobRecord {
  return {
    id,
    target: { name: 'gpu', host: '127.0.0.1', port: 1, identityFiles: [], origin: 'literal' },
    workdir: '/home/u/runs',
    jobDir: `/home/u/runs/.tunelab/jobs/${id}`,
    configRemote,
    command: 'train',
    createdAt: Date.UTC(2026, 10, 24, 10, 12),
    state: 'finished',
    exitCode: 0,
  };
}

describe('tunelab job: ids, lists and templates', () => {
  it('names an ambiguous id prefix as ambiguous and lists the jobs it matches', async () => {
    const env = homeWith([record('20261124-101200-aaaa'), record('20261124-101300-bbbb'), record('20251124-101300-cccc')]);
    for (const command of ['log', 'follow', 'cancel', 'delete']) {
      const run = await cli(['job', command, '2026'], tmpdir(), env);
      assert.equal(run.code, 2, command);
      assert.match(run.stderr, /The id 2026 is ambiguous: it starts 2 jobs \(20261124-101200-aaaa, 20261124-101300-bbbb\)\. Give more of it\./, command);
      assert.doesNotMatch(run.stderr, /No job/);
    }
    const missing = await cli(['job', 'log', '2024'], tmpdir(), env);
    assert.match(missing.stderr, /No job 2024 was started from this machine/);
    const zh = await cli(['job', 'log', '2026', '--lang', 'zh-cn'], tmpdir(), env);
    assert.match(zh.stderr, /有歧义/);
  });

  it('keeps each job on one row of `job list` whatever its config is called', async () => {
    const env = homeWith([record('20261124-101200-aaaa', 'configs/a\nb\r\t\u001b[2Jc.yaml'), record('20261124-101300-bbbb')]);
    const run = await cli(['job', 'list'], tmpdir(), env);
    assert.equal(run.code, 0, run.stderr);
    const rows = run.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 2, run.stdout);
    assert.match(rows[0], /^20261124-101200-aaaa\s+finished\s+a\\nb\\r\\t\\u001b\[2Jc\.yaml @ gpu\s+2026-11-24 10:12$/);
    assert.ok(!run.stdout.includes('\u001b'), 'no terminal escape reaches the terminal');
  });

  it('reports an unknown placeholder in the command template before connecting to anything', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tunelab-cli-project-'));
    writeFileSync(join(project, 'sft.yaml'), 'stage: sft\noutput_dir: saves/x\n');
    // Port 1 refuses connections: a launch that connected first would report that instead.
    const run = await cli(['job', 'launch', 'sft.yaml', '--host', 'me@127.0.0.1:1', '--command', 'llamafactory-cli train {cfg}'], project, homeWith([]));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^tunelab: Unknown placeholder \{cfg\} in the command template: use \{config\}, \{workdir\}, \{output_dir\}, \{job_id\}\.$/m);
    assert.doesNotMatch(run.stderr, /refused|connect|127\.0\.0\.1/i);
  });
});
