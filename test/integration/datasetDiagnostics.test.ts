import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workspaceUri } from './helpers';

function tuneLabDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'TuneLab');
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

async function openDataset(...path: string[]): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const api = await activateTuneLab();
  const document = await vscode.workspace.openTextDocument(workspaceUri(...path));
  const editor = await vscode.window.showTextDocument(document);
  await api.datasetDiagnostics.analyze(document);
  return { document, editor };
}

/** The position of `needle` in line `line` of the document. */
function at(document: vscode.TextDocument, line: number, needle: string): vscode.Position {
  const column = document.lineAt(line).text.indexOf(needle);
  assert.ok(column >= 0, `${needle} not on line ${line}`);
  return new vscode.Position(line, column);
}

describe('dataset diagnostics in the editor', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('shows the engine findings in the Problems panel at their exact ranges', async () => {
    const { document } = await openDataset('datasets', 'review.jsonl');
    const diagnostics = await waitFor(() => {
      const d = tuneLabDiagnostics(document.uri);
      return d.length >= 4 ? d : undefined;
    }, 'TuneLab diagnostics on review.jsonl');
    const byCode = new Map(diagnostics.map((d) => [codeOf(d), d]));
    // help.desk@example.org is an example domain, not personal data
    assert.deepEqual([...byCode.keys()].sort(), ['exact-duplicate', 'malformed-json', 'template-placeholder', 'too-short']);

    const short = byCode.get('too-short')!;
    assert.deepEqual(short.range, new vscode.Range(at(document, 1, '"Thanks!"'), at(document, 1, '"Thanks!"').translate(0, 9)));
    assert.equal(short.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(short.message, 'Response is 7 characters long, under the minimum of 10.');
    const target = (short.code as { target: vscode.Uri }).target;
    assert.match(target.path, /docs\/dataset-findings\.md$/);
    assert.equal(target.fragment, 'too-short');

    const placeholder = byCode.get('template-placeholder')!;
    assert.deepEqual(placeholder.range.start, at(document, 3, '{{name}}'));
    assert.equal(placeholder.range.end.character - placeholder.range.start.character, '{{name}}'.length);

    const duplicate = byCode.get('exact-duplicate')!;
    assert.equal(duplicate.range.start.line, 2);
    assert.equal(duplicate.relatedInformation?.[0].location.range.start.line, 0);
    assert.equal(duplicate.relatedInformation?.[0].message, 'The first occurrence: record 1.');

    assert.equal(byCode.get('malformed-json')!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(byCode.get('malformed-json')!.range.start.line, 5);
    await screenshot('diagnostics-review');
  });

  it('leaves JSON that is not a dataset alone', async () => {
    const api = await activateTuneLab();
    const document = await vscode.workspace.openTextDocument(workspaceUri('datasets', 'settings_like.json'));
    await vscode.window.showTextDocument(document);
    assert.equal(await api.datasetDiagnostics.analyze(document), undefined);
    assert.deepEqual(tuneLabDiagnostics(document.uri), []);
  });

  it('explains a finding on hover: measurement, threshold, why, and the twin', async () => {
    const { document } = await openDataset('datasets', 'review.jsonl');
    const [shortHover] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at(document, 1, 'Thanks!'));
    const shortText = shortHover.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
    assert.match(shortText, /too-short/);
    assert.match(shortText, /Measured 7; threshold 10 \(`tunelab\.dataset\.minResponseChars`\)/);
    assert.match(shortText, /perfunctory/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(2, 5));
    const duplicateText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(duplicateText, /Twin: record 1, line 1/);
    assert.match(duplicateText, /Explain what a learning rate does/);
  });

  it('shows a pretty-printed twin by its first meaningful line, and says "1 character"', async () => {
    const records = [
      { instruction: 'Explain what a learning rate does.', input: '', output: 'It scales each update step during training: too large diverges.' },
      { instruction: 'Reply with one letter.', input: '', output: 'A' },
      { instruction: 'Explain what a learning rate does.', input: '', output: 'It scales each update step during training: too large diverges.' },
    ];
    await vscode.workspace.fs.writeFile(workspaceUri('datasets', 'pretty_twins.json'), new TextEncoder().encode(JSON.stringify(records, null, 2)));
    const { document } = await openDataset('datasets', 'pretty_twins.json');
    const duplicate = await waitFor(() => tuneLabDiagnostics(document.uri).find((d) => codeOf(d) === 'exact-duplicate'), 'the duplicate diagnostic');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, duplicate.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /Twin: record 1, line 2:/);
    assert.match(text, /"instruction": "Explain what a learning rate does\."/);
    const short = tuneLabDiagnostics(document.uri).find((d) => codeOf(d) === 'too-short');
    assert.equal(short?.message, 'Response is 1 character long, under the minimum of 10.');
  });

  it('offers quick fixes from the finding data; deleting a record can be undone', async () => {
    const { document, editor } = await openDataset('datasets', 'review.jsonl');
    const original = document.getText();
    const duplicate = await waitFor(() => tuneLabDiagnostics(document.uri).find((d) => codeOf(d) === 'exact-duplicate'), 'the duplicate diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      duplicate.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Delete record 3'), titles.join(' | '));
    assert.ok(titles.includes('Ignore exact-duplicate in this file'), titles.join(' | '));
    const remove = actions.find((a) => a.title === 'Delete record 3')!;
    assert.equal(remove.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(remove.edit!));
    assert.equal(document.lineCount, original.split('\n').length - 1);
    assert.ok(
      !document
        .getText()
        .split('\n')
        .slice(1)
        .some((line, i) => i === 1 && line.includes('learning rate')),
      'the duplicate line is gone',
    );
    assert.equal(
      document.getText(),
      original
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
    );
    await vscode.window.showTextDocument(document, { preserveFocus: false, viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original || undefined, 'undo to restore the record');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('deletes array records with their commas, leaving valid JSON', async () => {
    const { document } = await openDataset('datasets', 'review_array.json');
    const short = await waitFor(() => tuneLabDiagnostics(document.uri).find((d) => codeOf(d) === 'too-short'), 'too-short in the array file');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      short.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const remove = actions.find((a) => a.title === 'Delete record 2')!;
    assert.ok(await vscode.workspace.applyEdit(remove.edit!));
    const parsed = JSON.parse(document.getText()) as Array<{ output: string }>;
    assert.deepEqual(
      parsed.map((r) => r.output.slice(0, 4)),
      ['It s', 'Mars'],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('re-checks after edits (debounced) and keeps ranges exact', async () => {
    const { document, editor } = await openDataset('datasets', 'review.jsonl');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '{"instruction": "New", "input": "", "output": "Ok."}\n'));
    const shortLines = await waitFor(
      () => {
        const lines = tuneLabDiagnostics(document.uri)
          .filter((d) => codeOf(d) === 'too-short')
          .map((d) => d.range.start.line);
        return lines.length === 2 ? lines.sort() : undefined;
      },
      'a second too-short after the edit',
      20_000,
    );
    assert.deepEqual(shortLines, [0, 2]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('shows the dataset in the status bar', async () => {
    const api = await activateTuneLab();
    await openDataset('datasets', 'review.jsonl');
    const text = await waitFor(() => api.datasetDiagnostics.statusBarText(), 'the status bar item');
    assert.match(text, /6 records · 66\.7% flagged/);
    // The file's errors come first in the tooltip, by name: not only the most frequent warnings.
    const tooltip = api.datasetDiagnostics.statusBarTooltip() ?? '';
    const lines = tooltip.split('\n\n').filter((line) => line.startsWith('- '));
    assert.match(lines[0] ?? '', /^- \$\(error\) Malformed JSON \(`malformed-json`\): 1$/);
    assert.ok(
      lines.some((line) => /\$\(warning\) Exact duplicate/.test(line)),
      tooltip,
    );
  });

  it('ignores a rule for a file through .tunelab-ignore.json', async () => {
    const { document } = await openDataset('datasets', 'review.jsonl');
    const placeholder = await waitFor(
      () => tuneLabDiagnostics(document.uri).find((d) => codeOf(d) === 'template-placeholder'),
      'the template-placeholder diagnostic',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      placeholder.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const ignore = actions.find((a) => a.title === 'Ignore template-placeholder in this file')!;
    await vscode.commands.executeCommand(ignore.command!.command, ...((ignore.command!.arguments ?? []) as unknown[]));
    const ignoreFile = await vscode.workspace.openTextDocument(workspaceUri('.tunelab-ignore.json'));
    assert.deepEqual(JSON.parse(ignoreFile.getText()), { version: 1, files: { 'datasets/review.jsonl': ['template-placeholder'] } });
    await waitFor(
      () => (tuneLabDiagnostics(document.uri).some((d) => codeOf(d) === 'template-placeholder') ? undefined : true),
      'template-placeholder diagnostics to disappear',
      20_000,
    );
    assert.ok(
      tuneLabDiagnostics(document.uri).some((d) => codeOf(d) === 'too-short'),
      'other findings stay',
    );
    await vscode.workspace.fs.delete(workspaceUri('.tunelab-ignore.json'));
  });

  it('caps the findings of a file and says so at the top', async () => {
    const configuration = vscode.workspace.getConfiguration('tunelab');
    await configuration.update('dataset.diagnostics.maxFindings', 10, vscode.ConfigurationTarget.Workspace);
    try {
      const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ instruction: `Question ${i}?`, input: '', output: 'Ok.' }));
      const document = await vscode.workspace.openTextDocument({ language: 'jsonl', content: `${lines.join('\n')}\n` });
      await vscode.window.showTextDocument(document);
      const api = await activateTuneLab();
      await api.datasetDiagnostics.analyze(document);
      const diagnostics = await waitFor(() => {
        const d = tuneLabDiagnostics(document.uri);
        return d.length > 0 ? d : undefined;
      }, 'capped diagnostics');
      assert.equal(diagnostics.length, 11);
      const summary = diagnostics.find((d) => d.code === 'findings-capped');
      assert.ok(summary);
      assert.match(summary.message, /shows 10 of \d+ findings/);
      assert.deepEqual(summary.range.start, new vscode.Position(0, 0));
    } finally {
      await configuration.update('dataset.diagnostics.maxFindings', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
