import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { repoRoot } from '../repoRoot';
import { TestSshServer } from '../support/sshServer';
import {
  activateTuneLab,
  closeAllEditors,
  screenshot,
  waitFor,
  webviewClick,
  workbenchAccept,
  workbenchClick,
  workbenchText,
  workbenchType,
  workspaceUri,
} from './helpers';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const FAKE_TRAINER = join(repoRoot(), 'test', 'fixtures', 'jobs', 'fake-trainer.sh');

/**
 * Training jobs driven through the real workbench, against a real OpenSSH sshd on 127.0.0.1
 * (no GPU here: the "trainer" is a script writing LLaMA-Factory's and the HF Trainer's lines).
 */
describe('training jobs in VS Code, on a real SSH host', function () {
  this.timeout(180_000);
  let server: TestSshServer;
  const configuration = () => vscode.workspace.getConfiguration('tunelab');

  before(async function () {
    if (!process.env.TUNELAB_TEST_HELPER_URL) this.skip(); // the host-key modal needs the runner's browser
    if (!TestSshServer.sshdPath()) throw new Error('sshd is not installed (Debian: openssh-server): the jobs suite cannot run');
    server = await TestSshServer.start();
    mkdirSync(workspaceUri('jobs', 'data').fsPath, { recursive: true });
    writeFileSync(workspaceUri('jobs', 'data', 'dataset_info.json').fsPath, JSON.stringify({ tiny: { file_name: 'tiny.jsonl' } }));
    writeFileSync(workspaceUri('jobs', 'data', 'tiny.jsonl').fsPath, '{"instruction": "hi", "output": "hello there"}\n');
    writeFileSync(
      workspaceUri('jobs', 'sft.yaml').fsPath,
      'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\ndataset_dir: jobs/data\ntemplate: qwen\noutput_dir: saves/run\n',
    );
    await configuration().update(
      'hosts',
      [
        { name: 'test-sshd', host: '127.0.0.1', port: server.port, user: server.user, identityFile: server.clientKey },
        { name: 'test-sshd-passphrase', host: '127.0.0.1', port: server.port, user: server.user, identityFile: server.encryptedClientKey },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    await configuration().update('jobs.commandTemplate', `sh ${FAKE_TRAINER} train {config}`, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await closeAllEditors();
    for (const key of ['hosts', 'jobs.commandTemplate', 'jobs.env', 'jobs.notify.finished'])
      await configuration().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await server?.stop();
  });

  async function launch(env: Record<string, string>): Promise<JobRecord> {
    await configuration().update('jobs.env', env, vscode.ConfigurationTarget.Workspace);
    const workdir = mkdtempSync(join(tmpdir(), 'tunelab-vscode-remote '));
    const record = await vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch', workspaceUri('jobs', 'sft.yaml'), {
      host: 'test-sshd',
      workdir,
    });
    assert.ok(record, 'the job started');
    return record;
  }

  it('refuses an unknown host key the user does not trust, and asks with its SHA256 fingerprint', async () => {
    const api = await activateTuneLab();
    // VS Code refuses modal dialogs during extension tests, so the answer comes through the API.
    const asked = api.jobs.answerHostKeys('reject');
    const record = await vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch', workspaceUri('jobs', 'sft.yaml'), {
      host: 'test-sshd',
      workdir: mkdtempSync(join(tmpdir(), 'tunelab-vscode-remote ')),
    });
    assert.equal(record, undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0].where, /^\[127\.0\.0\.1\]:\d+$/);
    assert.equal(asked[0].keyType, 'ssh-ed25519');
    assert.match(asked[0].fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.equal(api.jobs.list().length, 0, 'nothing launched');
    api.jobs.answerHostKeys('always');
  });

  it('launches once the key is trusted, draws live points and alerts, survives a cut link', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    const STEPS = 60; // long enough to still be running when the link is cut, on a busy machine
    const record = await launch({ FAKE_STEPS: String(STEPS), FAKE_DELAY: '0.15', FAKE_NAN_AT: '12' });
    assert.equal(api.jobs.remoteLoaded(), true, 'ssh2 loaded on the first job command');
    assert.ok(api.jobs.isFollowing(record.id));

    // The chart opens by itself and fills as the trainer logs.
    const early = await waitFor(
      async () => {
        const d = await api.jobs.describeChart(record.id);
        return d && (d.drawnPoints.loss ?? 0) >= 5 ? d : undefined;
      },
      'points on the chart',
      60_000,
    );
    assert.ok((early.drawnPoints.learning_rate ?? 0) > 0, 'the learning-rate panel too');
    assert.ok(api.jobs.statusBarText()?.includes('sft.yaml'), api.jobs.statusBarText());

    // Cut every SSH session: the job keeps running, the follower reconnects and resumes.
    assert.ok(server.killSessions() > 0);
    const final = await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'finished'), 'the job to finish', 120_000);
    assert.equal(final.exitCode, 0);
    const shown = await waitFor(
      async () => {
        const d = await api.jobs.describeChart(record.id);
        return d && d.receivedPoints[record.id] === 2 * STEPS ? d : undefined;
      },
      'every point (trainer_log + stdout), none twice',
      30_000,
    );
    assert.equal(api.jobs.pointCount(record.id), 2 * STEPS);
    assert.equal(shown.drawnPoints.loss, STEPS - 1, 'trainer_log losses drawn once (the NaN is an alert, not a point)');
    assert.ok(
      shown.alerts.some((a) => /loss is NaN at step 12/.test(a)),
      shown.alerts.join('\n'),
    );
    await screenshot('training-chart');

    // Export CSV through the page's button and the save dialog (it proposes <job id>.csv).
    assert.ok(await webviewClick('tunelab-chart', '#export-csv'));
    await workbenchAccept('.quick-input-widget input', `${record.id}.csv`);
    const csv = await waitFor(() => {
      try {
        return readFileSync(workspaceUri(`${record.id}.csv`).fsPath, 'utf8');
      } catch {
        return undefined;
      }
    }, 'the CSV file');
    const rows = csv.trim().split('\n');
    assert.match(rows[0], /^job,source,step,epoch,elapsed_s,.*\bloss\b/);
    assert.equal(rows.length, 2 * STEPS + 1, 'a header and every point');
    assert.ok(
      rows.some((r) => r.includes(',NaN')),
      'the NaN loss is kept in the export',
    );
  });

  it('cancels a running job from the command, killing its process group', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    const record = await launch({ FAKE_STEPS: '1000', FAKE_DELAY: '0.1' });
    await waitFor(async () => ((await api.jobs.describeChart(record.id))?.receivedPoints[record.id] ?? 0) > 0 || undefined, 'the job to log', 60_000);
    await vscode.commands.executeCommand('tunelab.jobs.cancel', record.id, { confirmed: true });
    const cancelled = await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'cancelled'), 'the job cancelled', 60_000);
    assert.ok(cancelled.endedAt);
    await waitFor(() => !api.jobs.isFollowing(record.id) || undefined, 'the follower to stop', 30_000);

    // The Training Jobs view: the host, its jobs newest first, states and the actions they allow.
    const view = api.jobs.tree();
    const host = view.find((h) => h.host === 'test-sshd');
    assert.ok(host, JSON.stringify(view));
    assert.equal(host.jobs[0].id, record.id, 'newest first');
    assert.equal(host.jobs[0].label, 'sft.yaml');
    assert.match(host.jobs[0].description, /^cancelled/);
    assert.equal(host.jobs[0].contextValue, 'job-ended', 'an ended job offers delete, not cancel');
    assert.ok(
      host.jobs.some((j) => /^finished · 60\/60 \(100%\)/.test(j.description)),
      JSON.stringify(host.jobs),
    );
  });

  it('notifies when a run ends or raises an alert, with actions opening its chart, even with no chart open', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    const before = api.jobs.notifications().length;
    const record = await launch({ FAKE_STEPS: '8', FAKE_DELAY: '0.2', FAKE_NAN_AT: '3' });
    await closeAllEditors(); // the chart that opened with the launch is gone
    await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'finished'), 'the job to finish', 60_000);
    const texts = api.jobs.notifications().slice(before);
    assert.ok(
      texts.some((t) => /^Training job sft\.yaml @ test-sshd finished after \d+ s\.$/.test(t)),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => /^Training job sft\.yaml @ test-sshd: loss is NaN at step 3: training has diverged/.test(t)),
      texts.join('\n'),
    );
    // Read them where the user sees them: the workbench's notifications.
    await vscode.commands.executeCommand('notifications.showList');
    const item = '.notifications-center .notification-list-item';
    assert.match((await workbenchText(item, 'finished after')) ?? '', /Training job sft\.yaml @ test-sshd finished after/);
    assert.match((await workbenchText(item, 'loss is NaN at step 3')) ?? '', /training has diverged/);
    assert.notEqual(await workbenchClick(`${item}:has-text("finished after") .monaco-button`, 'Open Chart'), undefined);
    const chart = await waitFor(async () => {
      const d = await api.jobs.describeChart(record.id);
      return d && (d.receivedPoints[record.id] ?? 0) > 0 ? d : undefined;
    }, 'the chart opened from the notification');
    assert.equal(chart.jobId, record.id);
    await vscode.commands.executeCommand('notifications.hideList');

    // A kind turned off in the settings is not shown.
    await configuration().update('jobs.notify.finished', false, vscode.ConfigurationTarget.Workspace);
    const count = api.jobs.notifications().length;
    const quiet = await launch({ FAKE_STEPS: '2', FAKE_DELAY: '0' });
    await waitFor(() => api.jobs.list().find((r) => r.id === quiet.id && r.state === 'finished'), 'the quiet job to finish', 60_000);
    assert.deepEqual(api.jobs.notifications().slice(count), []);
    await configuration().update('jobs.notify.finished', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('draws readable charts: compact ticks, named series, the KL band and schedule, colours re-read on a live theme switch', async () => {
    const api = await activateTuneLab();
    api.jobs.answerHostKeys('always');
    const record = await launch({ FAKE_STEPS: '30', FAKE_DELAY: '0.05', FAKE_KL: '1' });
    await waitFor(() => api.jobs.list().find((r) => r.id === record.id && r.state === 'finished'), 'the job to finish', 60_000);
    await vscode.commands.executeCommand('tunelab.jobs.openChart', record.id);
    const drawn = await waitFor(async () => {
      const d = await api.jobs.describeChart(record.id);
      return d && (d.drawnPoints.kl ?? 0) >= 30 && d.klGuides?.schedule ? d : undefined;
    }, 'the KL panel with its guides');
    assert.deepEqual(drawn.klGuides, { band: true, schedule: true }, 'the rules band, and the schedule over the 30 known steps');
    assert.ok(drawn.labels?.loss.includes('Training loss'), JSON.stringify(drawn.labels));
    assert.ok(
      drawn.labels?.kl.some((l) => l.startsWith('Staged KL coefficient')),
      JSON.stringify(drawn.labels),
    );
    const lrTicks = drawn.yTicks?.learning_rate ?? [];
    assert.ok(
      lrTicks.length >= 2 && lrTicks.every((t) => /^-?\d+(\.\d+)?(e-?\d+)?$/.test(t) && t.length <= 8),
      `compact learning-rate ticks: ${lrTicks.join(' ')}`,
    );
    assert.ok(
      lrTicks.some((t) => /e-\d/.test(t)),
      lrTicks.join(' '),
    );

    // The pictures show the charts, not the log panel or earlier toasts.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
    const workbench = vscode.workspace.getConfiguration('workbench');
    const original = workbench.inspect<string>('colorTheme')?.globalValue;
    const seen: Record<string, string> = {};
    try {
      for (const [theme, kind, name] of [
        ['Default Light Modern', 'vscode-light', 'light'],
        ['Default High Contrast', 'vscode-high-contrast', 'high-contrast'],
        ['Default Dark Modern', 'vscode-dark', 'dark'],
      ] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        const shown = await waitFor(async () => {
          const d = await api.jobs.describeChart(record.id);
          return d?.theme?.kind === kind ? d : undefined;
        }, `the chart to follow the switch to ${theme}`);
        seen[name] = shown.theme?.tickColor ?? '';
        await new Promise((r) => setTimeout(r, 300)); // let the redraw reach the screen before the picture
        await screenshot(`training-chart-${name}`);
      }
    } finally {
      await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
    }
    assert.notEqual(seen.light, seen.dark, `tick colours re-read: ${JSON.stringify(seen)}`);
    assert.notEqual(seen['high-contrast'], seen.light, JSON.stringify(seen));
  });

  it('compares overlaid runs in a table: state, duration, steps, final and best metrics', async () => {
    const api = await activateTuneLab();
    const finished = api.jobs.list().filter((r) => r.state === 'finished');
    assert.ok(finished.length >= 2, 'two finished runs from the tests above');
    await closeAllEditors();
    await api.jobs.restoreChart({ version: 1, jobId: finished[0].id, overlays: [finished[1].id], xAxis: 'step', smoothing: 0, logScale: false });
    const shown = await waitFor(async () => {
      const d = await api.jobs.describeChart(finished[0].id);
      return d && d.runs === 2 && (d.compare?.rows.length ?? 0) > 0 ? d : undefined;
    }, 'the compare table');
    assert.equal(shown.compare?.header.length, 3, 'a label column and one per run');
    for (const label of ['State', 'Duration', 'Steps', 'Training loss · final', 'Training loss · best'])
      assert.ok(shown.compare?.rows.includes(label), `${label} in ${JSON.stringify(shown.compare?.rows)}`);
    assert.ok((shown.drawnPoints.loss ?? 0) > 0);
    await screenshot('compare-runs');
  });

  it('restores a chart from its saved state (what the serializer gets after a reload), with every stored point', async () => {
    const api = await activateTuneLab();
    const finished = api.jobs.list().find((r) => r.state === 'finished');
    assert.ok(finished, 'a finished job from the first test');
    await closeAllEditors();
    await api.jobs.restoreChart({ version: 1, jobId: finished.id, overlays: [], xAxis: 'epoch', smoothing: 0.5, logScale: true });
    const shown = await waitFor(async () => {
      const d = await api.jobs.describeChart(finished.id);
      return d && d.receivedPoints[finished.id] === api.jobs.pointCount(finished.id) ? d : undefined;
    }, 'the restored chart to show the stored points');
    assert.ok((shown.drawnPoints.loss ?? 0) > 0);
  });

  it('asks for a key passphrase once and keeps it in SecretStorage, never in settings', async () => {
    (await activateTuneLab()).jobs.answerHostKeys('always');
    const asking = vscode.commands.executeCommand('tunelab.jobs.showGpus', 'test-sshd-passphrase');
    await workbenchType('.quick-input-widget input[type="password"]', server.passphrase);
    await asking;
    // Asked again? No: the second connection takes it from SecretStorage without a prompt.
    await Promise.race([
      vscode.commands.executeCommand('tunelab.jobs.showGpus', 'test-sshd-passphrase'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('asked for the passphrase again')), 20_000)),
    ]);
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('tunelab'));
    assert.ok(!settingsText.includes(server.passphrase), 'the passphrase is not in any setting');
    // Nor in any file TuneLab writes: its logs (which do record the connections) and the job store.
    const api = await activateTuneLab();
    const { log, jobs } = api.jobs.folders();
    // The log file is written in the background: wait until it holds the connections.
    await waitFor(
      () => filesUnder(log).some((f) => /connecting to \S*127\.0\.0\.1/.test(readFileSync(f, 'utf8'))) || undefined,
      `the log (${log}) to record the connections`,
      30_000,
    );
    const files = [...filesUnder(log), ...filesUnder(jobs)];
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(server.passphrase), `${file} holds the passphrase`);
    await vscode.commands.executeCommand('tunelab.jobs.forgetSecrets');
  });
});
