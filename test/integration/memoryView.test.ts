import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workspaceUri } from './helpers';

describe('the GPU memory breakdown, as a readable view', () => {
  after(closeAllEditors);

  it('opens tables in GiB beside the config instead of a modal wall of text', async () => {
    await activateTuneLab();
    const config = workspaceUri('configs', 'lora_ppo.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(config));
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('tunelab.config.showMemoryEstimate', config);
    assert.ok(uri, 'a view was opened');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^# GPU memory of lora_ppo\.yaml$/m);
    assert.match(text, /^\| Weights \| \d+\.\d \|$/m);
    assert.match(text, /^\| 1×24 GiB \| \d+\.\d \| (✓|✗.*) \|$/m);
    assert.match(text, /^\| 4×80 GiB \| /m);
    assert.doesNotMatch(text, /\bGB\b/, 'one unit throughout');
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /GPU memory of lora_ppo\.yaml/.test(t.label)), 'the preview tab');
    await screenshot('memory-breakdown');
  });
});
