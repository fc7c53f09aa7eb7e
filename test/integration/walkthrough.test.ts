import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/core/jobs/jobRecord';
import { DATASET_PREVIEW_VIEW_TYPE } from '../../src/shared/protocol/datasetPreview';
import { activateTuneLab, closeAllEditors, closeQuickInput, screenshot, waitFor, workbenchText } from './helpers';

/**
 * Getting Started, as a new user walks it: each step's command opens the bundled samples, and
 * the step completes when the thing happened (findings shown, preview open, config checked).
 */
describe('the Getting Started walkthrough on the bundled samples', function () {
  this.timeout(90_000);
  after(async () => {
    await closeQuickInput();
    await closeAllEditors();
  });

  it('opens in the Welcome editor from the palette', async () => {
    await activateTuneLab();
    await vscode.commands.executeCommand('tunelab.gettingStarted');
    const text = await workbenchText('.gettingStartedContainer', 'Review a dataset');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the step's image load before the picture
    await screenshot('walkthrough');
    assert.ok(text, 'the walkthrough page is shown');
    assert.match(text, /Get Started with TuneLab/);
    assert.match(text, /Browse it in the previewer/);
    assert.match(text, /Launch a training job/);
  });

  it('completes "review a dataset" once the sample dataset has findings, from a copy outside the installed extension', async () => {
    const api = await activateTuneLab();
    await vscode.commands.executeCommand('tunelab.walkthrough.openSampleDataset');
    const uri = vscode.window.activeTextEditor?.document.uri;
    assert.ok(uri, 'an editor is open');
    assert.ok(uri.path.startsWith(api.walkthrough.samplesFolder.path), uri.toString());
    assert.ok(uri.path.endsWith('/sft_mixed.jsonl'));
    const codes = () => vscode.languages.getDiagnostics(uri).map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
    await waitFor(() => codes().includes('exact-duplicate'), "the sample's findings");
    await waitFor(() => api.walkthrough.completedSteps().includes('datasetReviewed'), 'the dataset step to complete');
  });

  it('completes "browse it" when the previewer opens on the sample', async () => {
    const api = await activateTuneLab();
    await vscode.commands.executeCommand('tunelab.walkthrough.previewSampleDataset');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputCustom && input.viewType === DATASET_PREVIEW_VIEW_TYPE, 'the preview is the active tab');
    assert.ok(input.uri.path.startsWith(api.walkthrough.samplesFolder.path));
    await waitFor(() => api.walkthrough.completedSteps().includes('previewOpened'), 'the preview step to complete');
  });

  it('completes "check a config" once the sample config is checked, and offers that config to Launch', async () => {
    const api = await activateTuneLab();
    await vscode.commands.executeCommand('tunelab.walkthrough.openSampleConfig');
    const uri = vscode.window.activeTextEditor?.document.uri;
    assert.ok(uri, 'an editor is open');
    assert.ok(uri.path.endsWith('/configs/qwen7b_full_sft.yaml'), uri.toString());
    await waitFor(() => api.walkthrough.completedSteps().includes('configChecked'), 'the config step to complete');
    assert.ok((api.trainingConfig.describe(uri)?.findings.length ?? 0) > 0, 'the planted problems are found');

    // The sample lives outside the workspace; being open (and active) puts it first in Launch's list.
    const launching = vscode.commands.executeCommand<JobRecord | undefined>('tunelab.jobs.launch');
    const text = await workbenchText('.quick-input-widget', 'Step 1 of 3');
    assert.ok(text, 'the config step is shown');
    assert.match(text, /qwen7b_full_sft\.yaml/);
    await closeQuickInput();
    assert.equal(await launching, undefined, 'nothing launched');
  });

  it("keeps a user's edit of a sample when the step is run again", async () => {
    const api = await activateTuneLab();
    const copy = vscode.Uri.joinPath(api.walkthrough.samplesFolder, 'dataset_info.json');
    const edited = '{"edited": {"file_name": "sft_mixed.jsonl"}}\n';
    await vscode.workspace.fs.writeFile(copy, new TextEncoder().encode(edited));
    await vscode.commands.executeCommand('tunelab.walkthrough.openSampleDataset');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(copy)), edited);
  });
});
