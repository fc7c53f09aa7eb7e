import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateTuneLab } from './helpers';

describe('TuneLab in a real VS Code', () => {
  it('runs in the Node extension host of a real VS Code', () => {
    assert.equal(typeof process.versions.node, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    console.log(`    VS Code ${vscode.version}, Node ${process.versions.node}, remoteName=${String(vscode.env.remoteName)}`);
  });

  it('activates lazily and exposes its API', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    const packageJson = extension.packageJSON as { activationEvents: unknown[] };
    assert.deepEqual(
      packageJson.activationEvents,
      ['onLanguage:json', 'onLanguage:jsonl', 'onLanguage:yaml', 'onStartupFinished'],
      'activation: contributions, opening JSON / JSON Lines / YAML, and after startup (to resume following running jobs; ssh2 stays unloaded unless one is running)',
    );
    const api = await activateTuneLab();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.datasetPreview.describe, 'function');
    assert.equal(api.jobs.remoteLoaded(), false, 'ssh2 (dist/remote.js) is not loaded at activation');
  });

  it('contributes its commands under the TuneLab category, and they run', async () => {
    await activateTuneLab();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['tunelab.showLog', 'tunelab.openDatasetPreview']) assert.ok(commands.includes(id), id);
    await vscode.commands.executeCommand('tunelab.showLog');
  });

  it('reads its settings with their documented defaults', () => {
    const configuration = vscode.workspace.getConfiguration('tunelab');
    assert.equal(configuration.get('preview.pageSize'), 200);
  });
});
