import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { freePort, TestSshServer } from '../support/sshServer';
import { activateTuneLab, closeAllEditors, waitFor, workspaceUri } from './helpers';

/** Every rank says what rendezvous it saw; rank 0 writes trainer_log.jsonl until cancelled. */
const TRAINER = `#!/bin/sh
printf '%s %s %s %s\\n' "$NODE_RANK" "$NNODES" "$MASTER_ADDR" "$MASTER_PORT" > "rank-$NODE_RANK.txt"
echo $$ > "rank-$NODE_RANK.pid"
trap 'exit 143' TERM
[ "$NODE_RANK" = 0 ] || { while :; do sleep 0.2; done; }
mkdir -p saves/run; : > saves/run/trainer_log.jsonl
i=1
while :; do
  printf '{"current_steps": %d, "total_steps": 100000, "loss": 1.5}\\n' "$i" >> saves/run/trainer_log.jsonl
  i=$((i + 1)); sleep 0.1
done
`;

/** Whether a process runs: it exists and is not a zombie. */
function runs(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * A two-host launch from the command in the real workbench, against two real sshd on two
 * loopback ports, each with a home of its own (two "machines"): the record lists both hosts,
 * points arrive from rank 0, and cancel from the command stops both.
 */
describe('Multi-host jobs in VS Code, on two real sshd', function () {
  this.timeout(120_000);
  const servers: TestSshServer[] = [];
  const homes: string[] = [];
  const configuration = () => vscode.workspace.getConfiguration('tunelab');

  before(async function () {
    if (!process.env.TUNELAB_TEST_HELPER_URL) this.skip(); // the same runner as the other jobs suites
    for (let i = 0; i < 2; i++) {
      const home = mkdtempSync(join(tmpdir(), `tunelab-vscode-mh${i}-`));
      homes.push(home);
      servers.push(await TestSshServer.start({ env: { HOME: home } }));
    }
    const trainer = join(mkdtempSync(join(tmpdir(), 'tunelab-vscode-mh-trainer-')), 'trainer.sh');
    writeFileSync(trainer, TRAINER, { mode: 0o755 });
    await configuration().update(
      'hosts',
      servers.map((s, i) => ({ name: `mh-${i}`, host: '127.0.0.1', port: s.port, user: s.user, identityFile: s.clientKey })),
      vscode.ConfigurationTarget.Workspace,
    );
    await configuration().update('jobs.commandTemplate', `sh ${trainer} {config}`, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await closeAllEditors();
    for (const key of ['hosts', 'jobs.commandTemplate']) await configuration().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    for (const s of servers) await s.stop();
  });

  it('launches on two hosts with one rendezvous, charts rank 0, and cancels both', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    mkdirSync(workspaceUri('multihost', 'data').fsPath, { recursive: true });
    writeFileSync(workspaceUri('multihost', 'data', 'dataset_info.json').fsPath, JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
    writeFileSync(workspaceUri('multihost', 'data', 'tiny.jsonl').fsPath, '{"instruction": "hi", "output": "hello there"}\n');
    writeFileSync(
      workspaceUri('multihost', 'sft.yaml').fsPath,
      'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ndataset_dir: multihost/data\ntemplate: qwen\noutput_dir: saves/run\n',
    );
    const port = await freePort();
    const record = await vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch', workspaceUri('multihost', 'sft.yaml'), {
      hosts: ['mh-0', 'mh-1'],
      workdir: '~/vscode-runs',
      masterAddr: '127.0.0.1',
      masterPort: port,
    });
    assert.ok(record?.multiHost, 'a multi-host job');
    assert.deepEqual(
      record.multiHost.nodes.map((n) => n.target.name),
      ['mh-0', 'mh-1'],
    );
    const dirs = homes.map((h) => join(h, 'vscode-runs'));
    await waitFor(() => dirs.every((d, rank) => existsSync(join(d, `rank-${rank}.pid`))) || undefined, 'both ranks to run', 30_000);
    for (const [rank, dir] of dirs.entries()) assert.equal(readFileSync(join(dir, `rank-${rank}.txt`), 'utf8'), `${rank} 2 127.0.0.1 ${port}\n`);
    await waitFor(async () => ((await api.jobs.describeChart(record.id))?.receivedPoints[record.id] ?? 0) > 2 || undefined, 'points from rank 0', 30_000);
    const pids = dirs.map((d, rank) => Number(readFileSync(join(d, `rank-${rank}.pid`), 'utf8')));

    await vscode.commands.executeCommand('tunelab.jobs.cancel', record.id, { confirmed: true });
    await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'cancelled'), 'the job cancelled', 30_000);
    await waitFor(() => pids.every((pid) => !runs(pid)) || undefined, 'both trainers to stop', 30_000);
    await waitFor(() => !api.jobs.isFollowing(record.id) || undefined, 'the follower to stop', 30_000);
  });
});
