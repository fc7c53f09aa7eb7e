import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, webviewText, workspaceUri } from './helpers';

describe('dataset previewer (custom editor + webview protocol)', () => {
  afterEach(closeAllEditors);

  it('opens a dataset, completes the ready handshake and answers requests both ways', async () => {
    const api = await activateTuneLab();
    const uri = workspaceUri('datasets', 'tiny.jsonl');
    await vscode.commands.executeCommand('tunelab.openDatasetPreview', uri);
    // describe() waits for the webview's `ready`, then asks the webview a question;
    // the webview answers after it has itself requested rows from the host.
    const view = await waitFor(async () => {
      const [first] = await api.datasetPreview.describe(uri);
      return first && first.renderedRows === 3 ? first : undefined;
    }, 'the previewer to render three rows');
    assert.equal(view.readyCount, 1);
    assert.equal(view.fileName, 'tiny.jsonl');
    assert.ok(view.firstRowText?.includes('Name a primary colour.'), view.firstRowText);
    const text = await webviewText('tunelab-dataset-preview');
    if (text !== undefined) assert.match(text, /把这句话翻译成英文/);
    await screenshot('dataset-preview-tiny');
  });
});
