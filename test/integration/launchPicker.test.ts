import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { activateTuneLab, closeAllEditors, closeQuickInput, screenshot, workbenchClick, workbenchText, workbenchType, workspaceUri } from './helpers';

/** The launch flow's quick inputs, driven in the real workbench (nothing connects: every run is closed before). */
describe('the launch flow: training configs only, three steps with Back, the typed host read back', function () {
  this.timeout(90_000);

  before(async function () {
    if (!process.env.TUNELAB_TEST_HELPER_URL) this.skip(); // the quick inputs are read in the runner's browser
    await activateTuneLab();
  });
  afterEach(async () => {
    await closeQuickInput();
    await closeAllEditors();
  });

  async function openEditor(...segments: string[]): Promise<void> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(...segments)));
  }

  it('offers no dataset, even with a dataset in the active editor, and lists each config with its kind', async () => {
    await openEditor('datasets', 'review_array.json');
    const launching = vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch');
    const text = await workbenchText('.quick-input-widget', 'Step 1 of 3');
    await screenshot('launch-step-1');
    assert.ok(text, 'the config step is shown');
    assert.doesNotMatch(text, /datasets\//, text);
    assert.doesNotMatch(text, /review_array|review\.jsonl|settings_like|tiny\.jsonl/, text);
    assert.match(text, /configs\/lora_ppo\.yaml/);
    assert.match(text, /LLaMA-Factory training/);
    assert.doesNotMatch(text, /fsdp_accelerate/, 'an Accelerate config is not a training config');
    await closeQuickInput();
    assert.equal(await launching, undefined, 'nothing launched');
  });

  it('puts the active config first, reads a typed user@host:port back, and goes back a step', async () => {
    await openEditor('configs', 'lora_ppo.yaml');
    const launching = vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch');
    const first = await workbenchText('.quick-input-list .monaco-list-row.focused', 'active editor');
    assert.match(first ?? '', /configs\/lora_ppo\.yaml/, 'the active config is the focused first row');
    // Enter on it: step 2, the host.
    await workbenchType('.quick-input-widget input', 'lora_ppo', 'lora_ppo.yaml');
    await workbenchText('.quick-input-widget', 'Step 2 of 3');
    // A typed host is echoed as TuneLab reads it before Enter accepts it.
    await workbenchType('.quick-input-widget input', 'alice@gpu.example:2222', 'Connect to gpu.example as alice, port 2222');
    const third = await workbenchText('.quick-input-widget', 'Step 3 of 3');
    assert.match(third ?? '', /Working directory on alice@gpu\.example:2222/);
    await screenshot('launch-step-3');
    await workbenchClick('.quick-input-widget .quick-input-titlebar .action-label.codicon-quick-input-back', '');
    assert.ok(await workbenchText('.quick-input-widget', 'Step 2 of 3'), 'Back returns to the host step');
    await closeQuickInput();
    assert.equal(await launching, undefined);
  });

  it('keeps the picker open on something that is not a host, saying why', async () => {
    await openEditor('configs', 'lora_ppo.yaml');
    const launching = vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch');
    await workbenchType('.quick-input-widget input', 'lora_ppo', 'lora_ppo.yaml');
    // Enter on the row saying why: the helper finds the picker still open with the text and gives up.
    await assert.rejects(workbenchType('.quick-input-widget input', 'alice@gpu.example:99999', 'Not a host'), /stayed open with "alice@gpu\.example:99999"/);
    await closeQuickInput();
    assert.equal(await launching, undefined);
  });
});
