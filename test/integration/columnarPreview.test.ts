import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, webviewText, workspaceUri } from './helpers';

/** Alpaca rows with a too-short answer on row 3 and a duplicate of row 1 on row 5. */
function rows(): Array<Record<string, string>> {
  const out = Array.from({ length: 8 }, (_, i) => ({
    instruction: `Explain topic number ${i + 1} in one sentence.`,
    input: '',
    output: `Topic ${i + 1} is explained here in one complete and useful sentence.`,
  }));
  out[2] = { instruction: 'Say hi.', input: '', output: 'Hi.' };
  out[4] = { ...out[0] };
  return out;
}

describe('Parquet datasets in VS Code', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('open in the read-only page with the schema, and list their findings in the Problems panel', async () => {
    const api = await activateTuneLab();
    // The test writes its own Parquet file (hyparquet-writer is an ES module: loaded with import()).
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const data = rows();
    const buffer = parquetWriteBuffer({ columnData: ['instruction', 'input', 'output'].map((name) => ({ name, data: data.map((r) => r[name]) })) });
    const dir = workspaceUri('columnar-tmp');
    mkdirSync(dir.fsPath, { recursive: true });
    const uri = vscode.Uri.joinPath(dir, 'alpaca.parquet');
    writeFileSync(uri.fsPath, new Uint8Array(buffer));

    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputCustom && tab.viewType === 'tunelab.columnarPreview', 'a .parquet file opens in the TuneLab page by default');
    const report = await api.columnarPreview.report(uri);
    assert.equal(report.summary.records, 8);
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'TuneLab');
      return d.length >= 2 ? d : undefined;
    }, 'TuneLab diagnostics on alpaca.parquet');
    const messages = diagnostics.map((d) => d.message);
    assert.ok(messages.includes('row 3 column output: Response is 3 characters long, under the minimum of 10.'), messages.join('\n'));
    assert.ok(
      messages.some((m) => m.startsWith('row 5: Exact duplicate of record 1')),
      messages.join('\n'),
    );
    const text = await webviewText('tunelab-columnar-preview');
    if (text !== undefined) {
      assert.match(text, /instruction/);
      assert.match(text, /row 3 column output/);
    }
    await screenshot('columnar-preview');
  });
});
