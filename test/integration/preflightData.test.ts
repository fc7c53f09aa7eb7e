import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, waitFor, workspaceUri } from './helpers';

function tuneLabCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'TuneLab')
    .map((d) => `${d.range.start.line + 1}:${String(typeof d.code === 'object' ? d.code.value : d.code)}`)
    .sort();
}

async function open(...path: string[]): Promise<vscode.TextDocument> {
  await activateTuneLab();
  const document = await vscode.workspace.openTextDocument(workspaceUri(...path));
  await vscode.window.showTextDocument(document);
  return document;
}

async function definitionOf(document: vscode.TextDocument, position: vscode.Position): Promise<{ uri: vscode.Uri; range: vscode.Range }> {
  const found = await waitFor(async () => {
    const results = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      document.uri,
      position,
    );
    return results.length > 0 ? results : undefined;
  }, 'a definition');
  const first = found[0];
  return 'targetUri' in first ? { uri: first.targetUri, range: first.targetRange } : { uri: first.uri, range: first.range };
}

describe('dataset_info.json and configs against their data in the editor', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('shows the planted dataset_info.json findings at their entries, each once', async () => {
    const document = await open('preflight', 'data', 'dataset_info.json');
    const expected = [
      '30:column-missing',
      '35:data-file-missing',
      '37:formatting-mismatch',
      '40:tags-mismatch',
      '40:tags-mismatch',
      '47:ranking-mismatch',
      '56:mixed-file-types',
      '61:unused-dataset',
    ];
    await waitFor(() => (tuneLabCodes(document.uri).length >= expected.length ? true : undefined), 'the dataset_info.json findings');
    assert.deepEqual(tuneLabCodes(document.uri), expected);
    const column = vscode.languages.getDiagnostics(document.uri).find((d) => d.message.startsWith('Column questoin'));
    assert.deepEqual(column?.range, new vscode.Range(29, 16, 29, 26));
    assert.equal(column?.severity, vscode.DiagnosticSeverity.Warning);
    const missing = vscode.languages.getDiagnostics(document.uri).find((d) => d.message.startsWith('not_there.json'));
    assert.equal(missing?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('flags an unknown dataset name (with did you mean) and a missing file at the names in a config', async () => {
    const document = await open('preflight', 'configs', 'typo_and_missing.yaml');
    await waitFor(() => (tuneLabCodes(document.uri).some((c) => c.endsWith('data-file-missing')) ? true : undefined), 'the config ↔ data findings');
    const diagnostics = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === 'TuneLab' && ['unknown-dataset', 'data-file-missing'].includes(String(typeof d.code === 'object' ? d.code.value : d.code)));
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        [4, 9, 20],
        [4, 21, 33],
      ],
    );
    assert.match(diagnostics[0].message, /did you mean good_alpaca\?/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostics[0].range);
    const fix = actions.find((a) => a.title === 'Change to good_alpaca');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(document.lineAt(4).text, 'dataset: good_alpaca,missing_file');
    await waitFor(() => (tuneLabCodes(document.uri).some((c) => c.endsWith('unknown-dataset')) ? undefined : true), 'the unknown-dataset finding to go');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('goes from a dataset name in a config to its entry, and from file_name to the data file', async () => {
    const config = await open('preflight', 'configs', 'sft_ok.yaml');
    const line = config.lineAt(7).text;
    const toEntry = await definitionOf(config, new vscode.Position(7, line.indexOf('good_sharegpt') + 3));
    assert.ok(toEntry.uri.path.endsWith('/preflight/data/dataset_info.json'), toEntry.uri.path);
    assert.equal(toEntry.range.start.line, 4);
    const info = await vscode.workspace.openTextDocument(toEntry.uri);
    const toFile = await definitionOf(info, new vscode.Position(2, info.lineAt(2).text.indexOf('good_alpaca.json') + 2));
    assert.ok(toFile.uri.path.endsWith('/preflight/data/good_alpaca.json'), toFile.uri.path);
  });

  it('gives dataset_info.json the schema: hovers on its keys and the formatting values in completion', async () => {
    const document = await open('preflight', 'data', 'dataset_info.json');
    const hoverAt = new vscode.Position(6, document.lineAt(6).text.indexOf('formatting') + 2);
    const text = await waitFor(
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, hoverAt);
        const joined = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
        return joined.includes('record format') ? joined : undefined;
      },
      'the schema hover on formatting',
      60_000,
    );
    assert.match(text, /alpaca: prompt \/ query \/ response columns/);
    const valueAt = new vscode.Position(6, document.lineAt(6).text.indexOf('sharegpt') + 1);
    const labels = await waitFor(
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, valueAt);
        const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return found.some((l) => l.includes('alpaca')) ? found : undefined;
      },
      'formatting values in completion',
      60_000,
    );
    assert.ok(
      labels.some((l) => l.includes('openai')),
      labels.join(', '),
    );
  });
});
