import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { repoRoot } from '../repoRoot';
import { TestSlurmCluster } from '../support/slurmCluster';
import { TestSshServer } from '../support/sshServer';
import { activateTuneLab, closeAllEditors, waitFor, workspaceUri } from './helpers';

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

/**
 * A Slurm launch from the command, in the real workbench: a real three-node Slurm behind a real
 * sshd (test/support/slurmCluster.ts). The job is held pending by a job filling both nodes, so
 * the view and the status bar must show "pending (reason)" before "running", then cancel.
 */
describe('Slurm jobs in VS Code, on a real cluster', function () {
  this.timeout(180_000);
  let cluster: TestSlurmCluster;
  let server: TestSshServer;
  const configuration = () => vscode.workspace.getConfiguration('tunelab');

  before(async function () {
    if (!process.env.TUNELAB_TEST_HELPER_URL) this.skip(); // the same runner as the other jobs suite
    const missing = TestSlurmCluster.unavailable();
    if (missing) throw new Error(`the Slurm suite needs root and Debian's Slurm packages (${missing}): run scripts/test/setup-test-env.sh as root`);
    cluster = await TestSlurmCluster.start();
    server = await TestSshServer.start({ env: cluster.env() });
    await configuration().update(
      'hosts',
      [{ name: 'test-slurm-login', host: '127.0.0.1', port: server.port, user: server.user, identityFile: server.clientKey }],
      vscode.ConfigurationTarget.Workspace,
    );
    await configuration().update(
      'jobs.slurm',
      { 'test-slurm-login': { partition: 'debug', nodes: 2, launcher: 'plain', time: '10' } },
      vscode.ConfigurationTarget.Workspace,
    );
    await configuration().update(
      'jobs.commandTemplate',
      `[ "$NODE_RANK" = 0 ] || exit 0; sh ${FAKE_TRAINER} train {config}`,
      vscode.ConfigurationTarget.Workspace,
    );
    await configuration().update('jobs.env', { FAKE_STEPS: '2000', FAKE_DELAY: '0.1' }, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await closeAllEditors();
    for (const key of ['hosts', 'jobs.slurm', 'jobs.commandTemplate', 'jobs.env'])
      await configuration().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await server?.stop();
    await cluster?.stop();
  });

  it('shows the batch script, submits, shows pending (reason) then running, and cancels with scancel', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    mkdirSync(workspaceUri('slurm', 'data').fsPath, { recursive: true });
    writeFileSync(workspaceUri('slurm', 'data', 'dataset_info.json').fsPath, JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
    writeFileSync(workspaceUri('slurm', 'data', 'tiny.jsonl').fsPath, '{"instruction": "hi", "output": "hello there"}\n');
    writeFileSync(
      workspaceUri('slurm', 'sft.yaml').fsPath,
      'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ndataset_dir: slurm/data\ntemplate: qwen\noutput_dir: saves/run\n',
    );
    const blocker = cluster.run('sbatch', ['--parsable', '--nodes=2', '--exclusive', '--output=/dev/null', '--wrap=sleep 300']).trim();
    try {
      const workdir = mkdtempSync(join(tmpdir(), 'tunelab-vscode-slurm '));
      const record = await vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch', workspaceUri('slurm', 'sft.yaml'), {
        host: 'test-slurm-login',
        workdir,
        submitWithoutAsking: true,
      });
      assert.ok(record?.slurm?.jobId, 'submitted to Slurm');
      // The launch gate's pre-flight counted the Slurm target's GPUs (2 nodes), named as their source.
      const gate = JSON.stringify(api.preflight.lastRun()?.sections ?? []);
      assert.match(gate, /tunelab\.jobs\.slurm \\"test-slurm-login\\"/);
      const script = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('#SBATCH'));
      assert.ok(script, 'the batch script was shown');
      assert.match(script.getText(), /^#SBATCH --partition=debug$/m);
      assert.match(script.getText(), /^#SBATCH --nodes=2$/m);

      const pending = await waitFor(
        () => {
          const job = api.jobs
            .tree()
            .find((h) => h.host === 'test-slurm-login')
            ?.jobs.find((j) => j.id === record.id);
          return job && /^pending \((Resources|Priority)\)/.test(job.description) ? job : undefined;
        },
        'the view to show pending (reason)',
        60_000,
      );
      assert.equal(pending.contextValue.startsWith('job-active'), true);
      assert.match(api.jobs.statusBarText() ?? '', /pending \((Resources|Priority)\)/);

      cluster.run('scancel', [blocker]);
      await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'running'), 'the job to run', 60_000);
      await waitFor(
        async () => ((await api.jobs.describeChart(record.id))?.receivedPoints[record.id] ?? 0) > 0 || undefined,
        'points from the cluster',
        60_000,
      );
      const running = api.jobs
        .tree()
        .find((h) => h.host === 'test-slurm-login')
        ?.jobs.find((j) => j.id === record.id);
      assert.match(running?.description ?? '', /^running on node\[1-2\]/);

      await vscode.commands.executeCommand('tunelab.jobs.cancel', record.id, { confirmed: true });
      const cancelled = await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'cancelled'), 'the job cancelled', 60_000);
      assert.equal(cancelled.slurm?.state, 'CANCELLED');
      assert.equal(cluster.run('squeue', ['-h', '-j', record.slurm.jobId, '-o', '%T']).trim(), '', 'gone from the queue');
      await waitFor(() => !api.jobs.isFollowing(record.id) || undefined, 'the follower to stop', 30_000);
    } finally {
      cluster.run('scancel', [blocker]);
    }
  });
});
