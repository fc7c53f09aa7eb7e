import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, webviewClick, webviewCount, webviewText, webviewType, workspaceUri } from './helpers';

const MARKER = 'tunelab-columnar-preview';
const HOSTILE = '<img src=x onerror="document.title=1"><script>document.title=2</script>';

/** 1,200 alpaca rows: a too-short answer on row 3, a duplicate of row 1 on row 5, markup as text on row 1,100. */
function rows(): Array<Record<string, string>> {
  const out = Array.from({ length: 1200 }, (_, i) => ({
    instruction: `Explain topic number ${i + 1} in one sentence.`,
    input: '',
    output: `Topic ${i + 1} is explained here in one complete and useful sentence.`,
  }));
  out[2] = { instruction: 'Say hi.', input: '', output: 'Hi.' };
  out[4] = { ...out[0] };
  out[1099] = { instruction: 'Show me some markup, as text.', input: '', output: HOSTILE };
  return out;
}

describe('Parquet datasets in VS Code', function () {
  this.timeout(120_000);
  afterEach(closeAllEditors);

  it('open in the paged previewer: schema at once, a later row group on demand, findings on the page and in the Problems panel', async () => {
    const api = await activateTuneLab();
    // The test writes its own Parquet file (hyparquet-writer is an ES module: loaded with import()).
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const data = rows();
    const buffer = parquetWriteBuffer({
      columnData: ['instruction', 'input', 'output'].map((name) => ({ name, data: data.map((r) => r[name]) })),
      rowGroupSize: 250,
    });
    const dir = workspaceUri('columnar-tmp');
    mkdirSync(dir.fsPath, { recursive: true });
    const uri = vscode.Uri.joinPath(dir, 'alpaca.parquet');
    writeFileSync(uri.fsPath, new Uint8Array(buffer));

    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputCustom && tab.viewType === 'tunelab.columnarPreview', 'a .parquet file opens in the TuneLab page by default');

    // The first page: rows 1 to 200 (the default page size), from the first row group.
    const first = await waitFor(async () => {
      const [view] = await api.columnarPreview.describe(uri);
      return view && view.rows.length ? view : undefined;
    }, 'the first page');
    assert.equal(first.start, 0);
    assert.deepEqual(first.rows.slice(0, 3), [1, 2, 3]);
    assert.equal(first.rows.length, 200);

    const report = await api.columnarPreview.report(uri);
    assert.equal(report.summary.records, 1200);
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
    const done = await waitFor(async () => {
      const [view] = await api.columnarPreview.describe(uri);
      return view?.analysis === 'done' ? view : undefined;
    }, 'the findings on the page');
    assert.ok(done.findings >= 2);

    // Jump to a row in a later row group (row 1,001: the fifth group), then to the hostile row.
    await api.columnarPreview.reveal(uri, 1001);
    const later = await waitFor(async () => {
      const [view] = await api.columnarPreview.describe(uri);
      return view?.start === 1000 ? view : undefined;
    }, 'the page holding row 1,001');
    assert.deepEqual(later.rows.slice(0, 2), [1001, 1002]);
    assert.equal(later.rows[later.rows.length - 1], 1200);

    const text = await webviewText(MARKER);
    if (text !== undefined) {
      assert.match(text, /instruction/);
      assert.match(text, /row 3 column output/);
      assert.match(text, /Rows 1,001 to 1,200 of 1,200/);
      // The same jump from the page itself: the "Go to row" box, then a finding's row link.
      assert.ok(await webviewType(MARKER, 'input.go-row', '420'));
      await waitFor(async () => (await api.columnarPreview.describe(uri))[0]?.start === 400 || undefined, 'the page holding row 420');
      assert.ok(await webviewClick(MARKER, 'button.jump[data-row="5"]'));
      await waitFor(async () => (await api.columnarPreview.describe(uri))[0]?.start === 0 || undefined, 'the page holding row 5');
      await api.columnarPreview.reveal(uri, 1100);
      await waitFor(async () => (await api.columnarPreview.describe(uri))[0]?.start === 1000 || undefined, 'the page holding row 1,100');
      const shown = await webviewText(MARKER);
      assert.ok(shown?.includes('<img src=x onerror='), 'markup in a cell is shown as text');
      assert.equal(await webviewCount(MARKER, 'main img, main script'), 0, 'no element was created from the data');
    }
    await screenshot('columnar-preview');
  });
});
