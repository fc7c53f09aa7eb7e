import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobPaths, newJobId, resolveRemotePath } from '../../../../src/core/jobs/remote/jobLayout';
import { parseStatusLines } from '../../../../src/core/jobs/remote/jobStatus';
import {
  commandScript,
  deleteScript,
  followScript,
  hashScript,
  parseProbe,
  probeScript,
  statusScript,
  uploadTargetsScript,
} from '../../../../src/core/jobs/remote/remoteScripts';

/** Runs a script the way a host does (`sh -s`, script on stdin). */
function sh(script: string): { stdout: string; status: number | null } {
  const r = spawnSync('sh', ['-s'], { input: script, encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

/** A job folder as run.sh leaves it. */
function jobFolder(workdir: string, id: string, files: Record<string, string>): string {
  const paths = jobPaths(workdir, id);
  mkdirSync(paths.dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(paths.dir, name), content);
  return paths.dir;
}

describe('remote scripts, run by a real sh', () => {
  const workdir = mkdtempSync(join(tmpdir(), "tunelab work 'dir' "));

  it('probes the host', () => {
    const probe = parseProbe(sh(probeScript()).stdout);
    assert.ok(probe.home.length > 0);
    assert.equal(probe.os, 'Linux');
    assert.equal(probe.setsid, true);
    assert.equal(probe.gnuTail, true);
  });

  it('reads the state of finished, failed, cancelled, lost, starting and missing jobs', () => {
    const dirs = [
      jobFolder(workdir, 'finished', { pid: '999999', exit_code: '0\n', started_at: '100', ended_at: '160', 'output.log': 'hello\n' }),
      jobFolder(workdir, 'failed', { pid: '999999', exit_code: '3', started_at: '100', ended_at: '101' }),
      jobFolder(workdir, 'cancelled', { pid: '999999', exit_code: '143', cancel_requested: '' }),
      jobFolder(workdir, 'lost', { pid: '999999' }),
      jobFolder(workdir, 'starting', {}),
      join(workdir, '.tunelab', 'jobs', 'gone'),
    ];
    // Our own pid is alive but is not a run.sh: a reused pid must not look like a running job.
    jobFolder(workdir, 'reused', { pid: String(process.pid) });
    dirs.push(jobPaths(workdir, 'reused').dir);
    const statuses = parseStatusLines(sh(statusScript(dirs)).stdout);
    assert.deepEqual(
      statuses.map((s) => [s.label, s.state]),
      [
        ['0', 'finished'],
        ['1', 'failed'],
        ['2', 'cancelled'],
        ['3', 'lost'],
        ['4', 'starting'],
        ['5', 'missing'],
        ['6', 'lost'],
      ],
    );
    assert.deepEqual({ ...statuses[0] }, { label: '0', state: 'finished', pid: 999999, exitCode: 0, startedAt: 100, endedAt: 160, logBytes: 6 });
    assert.equal(statuses[1].exitCode, 3);
  });

  it('deletes an ended job folder, and only under .tunelab/jobs', () => {
    const paths = jobPaths(workdir, 'failed');
    assert.match(sh(deleteScript(paths)).stdout, /result=deleted/);
    assert.ok(!existsSync(paths.dir));
    const outside = { ...paths, dir: workdir };
    assert.match(sh(deleteScript(outside)).stdout, /result=refused/);
    assert.ok(existsSync(workdir));
  });

  it('reads a log from a byte offset, with no byte lost or repeated', () => {
    const file = join(workdir, 'log with space.txt');
    writeFileSync(file, 'line one\nline two\n第三行\n');
    const all = readFileSync(file);
    for (const offset of [0, 1, 9, 18, all.length - 1, all.length]) {
      const r = spawnSync('sh', ['-s'], { input: followScript(file, offset, undefined) });
      assert.deepEqual(r.stdout, all.subarray(offset), `offset ${offset}`);
    }
    assert.equal(sh(followScript(join(workdir, 'absent'), 0, undefined)).stdout, '');
  });

  it('hashes files for the upload skip, marking absent ones', () => {
    writeFileSync(join(workdir, 'a b.json'), '{}');
    const out = sh(hashScript(workdir, ['a b.json', 'missing.json']))
      .stdout.trim()
      .split('\n');
    assert.equal(out[0], '2 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    assert.equal(out[1], '-');
  });

  it('creates upload folders only inside the working directory, refusing links that lead out', () => {
    const base = mkdtempSync(join(tmpdir(), 'tunelab targets '));
    const work = join(base, "w'ork");
    mkdirSync(join(work, 'inner'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    symlinkSync(join(base, 'outside'), join(work, 'out'));
    symlinkSync(join(work, 'inner'), join(work, 'alias'));
    writeFileSync(join(base, 'outside', 'victim'), 'x');
    symlinkSync(join(base, 'outside', 'victim'), join(work, 'inner', 'linked.json'));
    const files = ['configs/a b.yaml', 'out/new/x.json', 'alias/ok.json', 'inner/linked.json', 'data/new\nline.json', 'plain.yaml'];
    const out = sh(uploadTargetsScript(work, files));
    assert.equal(out.status, 0);
    assert.deepEqual(out.stdout.trim().split('\n'), ['0 ok', '1 outside', '2 ok', '3 link', '4 ok', '5 ok']);
    assert.ok(existsSync(join(work, 'configs')) && existsSync(join(work, 'data')), 'folders inside are created');
    assert.deepEqual(readdirSync(join(base, 'outside')), ['victim'], 'nothing created through the link');
  });

  it('writes a command.sh that sets the environment and runs the command', () => {
    const script = commandScript({ commandLine: 'printf "%s %s" "$A" "$B"', setup: 'B=from-setup', env: { A: "x'y $(id)" } });
    assert.equal(sh(script).stdout, "x'y $(id) from-setup");
  });
});

describe('job layout', () => {
  it('makes sortable, unique, file-safe job ids', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newJobId(new Date(Date.UTC(2026, 10, 24, 9, 5, 7)))));
    assert.ok(ids.size > 190);
    for (const id of ids) assert.match(id, /^20261124-\d{6}-[a-z0-9]+$/);
  });

  it('resolves ~ against the host home and keeps absolute paths', () => {
    assert.equal(resolveRemotePath('~/runs', '/home/u'), '/home/u/runs');
    assert.equal(resolveRemotePath('~', '/home/u'), '/home/u');
    assert.equal(resolveRemotePath('/data/x/', '/home/u'), '/data/x');
    assert.equal(resolveRemotePath('runs', '/home/u'), '/home/u/runs');
  });
});
