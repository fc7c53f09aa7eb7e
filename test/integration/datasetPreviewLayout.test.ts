import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewDescription } from '../../src/shared/protocol/datasetPreview';
import {
  activateTuneLab,
  closeAllEditors,
  screenshot,
  setViewport,
  waitFor,
  webviewClick,
  webviewCount,
  webviewPress,
  webviewText,
  webviewType,
  workspaceUri,
} from './helpers';

const MARKER = 'tunelab-dataset-preview';
const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern', hc: 'Default High Contrast' } as const;

async function openPreview(uri: vscode.Uri): Promise<void> {
  await activateTuneLab();
  await vscode.commands.executeCommand('tunelab.openDatasetPreview', uri);
}

async function view(uri: vscode.Uri, ready: (v: ViewDescription) => boolean, what: string, timeoutMs = 30_000): Promise<ViewDescription> {
  const api = await activateTuneLab();
  let last: ViewDescription | undefined;
  try {
    return await waitFor(
      async () => {
        const [first] = await api.datasetPreview.describe(uri).catch(() => []);
        last = first;
        return first && ready(first) ? first : undefined;
      },
      what,
      timeoutMs,
    );
  } catch (error) {
    // Say what the view looked like: a layout failure is easier to read with its numbers.
    throw new Error(`${(error as Error).message}; last view: ${JSON.stringify({ ...last, detailText: last?.detailText?.slice(0, 80) })}`, { cause: error });
  }
}

/** Runs a step that only our runner can do (it drives the real browser); outside it the test fails, it is never skipped. */
function must(done: boolean, what: string): void {
  assert.ok(done, `${what} needs the integration runner (scripts/test/run-integration.mjs)`);
}

async function setTheme(name: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
}

async function analysed(uri: vscode.Uri): Promise<ViewDescription> {
  await openPreview(uri);
  return view(uri, (v) => v.chartsDrawn > 0 && v.renderedRows === 6, 'the analysed file');
}

describe('dataset previewer layout and interaction (issue 14)', function () {
  this.timeout(180_000);
  const review = () => workspaceUri('datasets', 'review.jsonl');

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });
  afterEach(closeAllEditors);
  after(async () => {
    await setTheme(undefined);
    await setViewport(1400, 900);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('closes the record pane with Close and with Escape: the table gets the room back', async () => {
    const uri = review();
    await analysed(uri);
    must(await webviewPress(MARKER, '.table-scroller', ['Home', 'Enter']), 'pressing keys');
    const open = await view(uri, (v) => v.detailVisible && v.detailText !== undefined, 'the record pane open');
    assert.equal(open.detailLabel, 'Record 1', 'the pane is named after its record, not "Record {0}"');
    assert.ok(open.detailWidth > 200, `pane ${open.detailWidth} px`);
    must(await webviewClick(MARKER, '.detail vscode-button:has-text("Close")'), 'clicking Close');
    const closed = await view(uri, (v) => !v.detailVisible, 'the pane gone after Close');
    assert.equal(closed.detailText, undefined);
    assert.equal(closed.detailWidth, 0);
    assert.equal(await webviewCount(MARKER, '.sash:not([hidden])'), 0, 'no sash without a pane');
    await webviewPress(MARKER, '.table-scroller', ['ArrowDown', 'Enter']);
    const second = await view(uri, (v) => v.detailVisible && v.detailLabel === 'Record 2', 'record 2 open');
    assert.equal(second.selectedRow, 1);
    await webviewPress(MARKER, '.table-scroller', ['Escape']);
    await view(uri, (v) => !v.detailVisible && v.detailText === undefined, 'the pane gone after Escape');
  });

  it('resizes the record pane with its sash and keeps the width when the pane opens again', async () => {
    const uri = review();
    await analysed(uri);
    must(await webviewPress(MARKER, '.table-scroller', ['Home', 'Enter']), 'pressing keys');
    const before = await view(uri, (v) => v.detailVisible, 'the record pane open');
    // The sash is a focusable separator: arrow keys move it by 24 px (dragging uses the same path).
    await webviewPress(MARKER, '.sash', ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft']);
    const wider = await view(uri, (v) => v.detailWidth >= before.detailWidth + 90, 'a wider pane');
    await webviewPress(MARKER, '.table-scroller', ['Escape']);
    await view(uri, (v) => !v.detailVisible, 'the pane closed');
    await webviewPress(MARKER, '.table-scroller', ['Enter']);
    const again = await view(uri, (v) => v.detailVisible, 'the pane open again');
    assert.ok(Math.abs(again.detailWidth - wider.detailWidth) <= 1, `${again.detailWidth} px, was ${wider.detailWidth} px`);
  });

  it('drops a record from the pane when a filter hides it; filter chips carry names and an "N of M shown" count', async () => {
    const uri = review();
    await analysed(uri);
    const all = await view(uri, (v) => v.shownText !== '', 'the count');
    assert.equal(all.shownText, '6 of 6 shown');
    assert.deepEqual(all.filterChips, []);
    must(await webviewPress(MARKER, '.table-scroller', ['Home', 'Enter']), 'pressing keys');
    await view(uri, (v) => v.detailVisible && v.detailLabel === 'Record 1', 'record 1 open');
    // Record 2's badge: too short. Record 1 is not, so it leaves the pane.
    await webviewClick(MARKER, '.row.loaded .finding-badge[data-code="too-short"]');
    const filtered = await view(uri, (v) => v.viewTotal === 1 && v.renderedRows === 1, 'the too-short filter');
    assert.deepEqual(filtered.filterChips, ['Response too short']);
    assert.equal(filtered.shownText, '1 of 6 shown');
    await view(uri, (v) => !v.detailVisible && v.detailText === undefined, 'the hidden record gone from the pane');
    const text = (await webviewText(MARKER)) ?? '';
    assert.doesNotMatch(text, /\d Selected/);
    must(await webviewClick(MARKER, '.chip-remove'), 'removing the chip');
    const back = await view(uri, (v) => v.viewTotal === 6 && v.renderedRows === 6, 'every record again');
    assert.deepEqual(back.filterChips, []);
    assert.equal(back.shownText, '6 of 6 shown');
  });

  it('shows finding badges by their full names, never cut', async () => {
    const uri = review();
    const shown = await analysed(uri);
    assert.equal(shown.cutBadges, 0);
    const text = (await webviewText(MARKER)) ?? '';
    for (const name of ['Exact duplicate', 'Response too short', 'Malformed JSON']) assert.match(text, new RegExp(name));
    assert.doesNotMatch(text, /exact-dupli/);
    assert.deepEqual(shown.severityLabels, ['Any severity', 'Error', 'Warning', 'Information'], 'severities by name, not error/warning/info');
  });

  it('highlights search hits in the table and in the record pane, as text', async () => {
    const uri = review();
    await analysed(uri);
    must(await webviewType(MARKER, 'vscode-textfield input', 'learning rate'), 'typing');
    const found = await view(uri, (v) => v.viewTotal === 2 && v.renderedRows === 2 && v.tableHighlights > 0, 'two search hits, highlighted');
    assert.equal(found.tableHighlights, 2, 'one hit in the instruction of each row');
    assert.equal(found.shownText, '2 of 6 shown');
    await webviewPress(MARKER, '.table-scroller', ['Home', 'Enter']);
    const detail = await view(uri, (v) => v.detailVisible && v.detailHighlights > 0, 'hits in the record pane');
    assert.ok(detail.detailHighlights >= 2, `${detail.detailHighlights} marks (the instruction and the raw JSON)`);
    assert.equal(await webviewCount(MARKER, 'main mark'), found.tableHighlights + detail.detailHighlights);
    // hostile text: a hit inside markup stays text
    const xss = workspaceUri('datasets', 'xss.jsonl');
    await openPreview(xss);
    await view(xss, (v) => v.renderedRows === 2, 'the hostile rows');
    await webviewType(MARKER, 'vscode-textfield input', 'onerror');
    await view(xss, (v) => v.viewTotal === 1 && v.tableHighlights > 0, 'the hostile hit highlighted');
    for (const selector of ['main img', 'main script', 'main [onerror]']) assert.equal(await webviewCount(MARKER, selector), 0, `no ${selector}`);
  });

  it('opens the preview from the preview itself; exports from the command', async () => {
    const uri = review();
    await analysed(uri);
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(active?.input instanceof vscode.TabInputCustom, 'the preview is the active tab');
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('tunelab.openDatasetPreview');
    assert.equal(opened?.toString(), uri.toString(), 'the command knows the dataset of the active preview');
    const exporting = await vscode.commands.executeCommand('tunelab.exportCleanedDataset');
    assert.equal(exporting, true);
    await waitFor(async () => (/Keeps 4 of 6 records\./.test((await webviewText(MARKER)) ?? '') ? true : undefined), 'the export panel');
    must(await webviewClick(MARKER, '.export-actions vscode-button:has-text("Cancel")'), 'cancelling');
  });

  it('collapses the charts and resizes a column, and remembers both when the panel comes back', async () => {
    const uri = review();
    const shown = await analysed(uri);
    assert.equal(shown.chartsCollapsed, false);
    assert.deepEqual(
      shown.columnWidths.map(([id]) => id),
      ['index', 'badges', 'instruction', 'input', 'output'],
    );
    const width = (v: ViewDescription, id: string) => v.columnWidths.find(([c]) => c === id)?.[1] ?? 0;
    must(await webviewClick(MARKER, '.charts-toggle'), 'collapsing');
    await view(uri, (v) => v.chartsCollapsed && v.chartsDrawn === 0, 'the charts collapsed');
    // A column's resize grip is a focusable separator: arrow keys move it by 16 px.
    await webviewPress(MARKER, '.table-head .col-instruction .col-resizer', ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']);
    const resized = await view(uri, (v) => width(v, 'instruction') >= width(shown, 'instruction') + 60, 'a wider Instruction column');
    // Another editor in front of the preview unloads its page; back again, it restores its state.
    await vscode.window.showTextDocument(workspaceUri('datasets', 'tiny.jsonl'), { viewColumn: vscode.ViewColumn.Active, preview: false });
    await vscode.commands.executeCommand('tunelab.openDatasetPreview', uri);
    const restored = await view(uri, (v) => v.renderedRows === 6 && v.themeForeground !== '', 'the preview back');
    assert.equal(restored.chartsCollapsed, true);
    assert.equal(restored.chartsDrawn, 0);
    assert.ok(
      Math.abs(width(restored, 'instruction') - width(resized, 'instruction')) <= 1,
      `${width(restored, 'instruction')} px, was ${width(resized, 'instruction')} px`,
    );
    await webviewClick(MARKER, '.charts-toggle');
    await view(uri, (v) => !v.chartsCollapsed && v.chartsDrawn > 0, 'the charts back');
  });

  it('applies a theme change live: the charts take the new colours; the selection shows in high contrast', async () => {
    const uri = review();
    await setTheme(THEMES.dark);
    await analysed(uri);
    await webviewPress(MARKER, '.table-scroller', ['Home', 'Enter']);
    await view(uri, (v) => v.detailVisible, 'a record open');
    const dark = await view(uri, (v) => v.themeKind === 'vscode-dark' && v.chartTextColor === v.themeForeground, 'the dark theme');
    await setTheme(THEMES.light);
    const light = await view(uri, (v) => v.themeKind === 'vscode-light' && v.chartTextColor === v.themeForeground, "the charts in the light theme's colours");
    assert.notEqual(light.chartTextColor, dark.chartTextColor);
    await setTheme(THEMES.hc);
    const hc = await view(uri, (v) => v.themeKind === 'vscode-high-contrast' && v.chartTextColor === v.themeForeground, 'the high contrast theme');
    await webviewPress(MARKER, '.table-scroller', ['ArrowDown']);
    const selected = await view(uri, (v) => v.selectionVisible === true, 'a visible selection in high contrast');
    assert.equal(selected.selectedRow, 1);
    assert.notEqual(hc.chartTextColor, light.chartTextColor);
  });

  for (const width of [1600, 480]) {
    it(`lays out at ${width} px in dark, light and high contrast with no sideways page scroll (screenshots)`, async () => {
      // ~480 px of webview: the page minus the activity bar (sidebar and panel are closed).
      must(await setViewport(width === 480 ? 530 : 1600, width === 480 ? 900 : 1000), 'resizing the page');
      const uri = review();
      await analysed(uri);
      must(await webviewPress(MARKER, '.table-scroller', ['Home', 'ArrowDown', 'ArrowDown', 'Enter']), 'pressing keys');
      for (const [kind, theme] of Object.entries(THEMES)) {
        await setTheme(theme);
        const laid = await view(
          uri,
          (v) =>
            v.detailVisible &&
            v.chartsDrawn > 0 &&
            v.chartTextColor === v.themeForeground &&
            v.themeKind.startsWith(kind === 'hc' ? 'vscode-high-contrast' : `vscode-${kind}`),
          `the ${kind} theme`,
        );
        if (width === 480) assert.ok(laid.pageWidth >= 430 && laid.pageWidth <= 520, `webview ${laid.pageWidth} px wide`);
        else assert.ok(laid.pageWidth >= 1400, `webview ${laid.pageWidth} px wide`);
        assert.ok(laid.pageScrollWidth <= laid.pageWidth, `page scrolls sideways: ${laid.pageScrollWidth} > ${laid.pageWidth}`);
        assert.equal(laid.detailOverHeader, 0, 'the record pane covers the table header');
        assert.equal(laid.cutBadges, 0);
        await screenshot(`preview-${width}-${kind}`);
      }
    });
  }
});
