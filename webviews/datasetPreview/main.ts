import './main.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { Severity } from '../../src/shared/findings';
import { formatMessage } from '../../src/shared/format';
import { DATASET_PREVIEW_UI_STATE_VERSION } from '../../src/shared/protocol/datasetPreview';
import type {
  AnalysisStatus,
  ColumnInfo,
  DatasetPreviewBootstrap,
  IndexStatus,
  PreviewHostSide,
  PreviewWebviewSide,
  ViewFilter,
} from '../../src/shared/protocol/datasetPreview';
import { RpcError } from '../../src/shared/protocol/rpc';
import { readBootstrap } from '../shared/bootstrap';
import { connectToHost } from '../shared/rpcClient';
import { applyDetailWidth, clampDetailWidth, overlap } from './detailLayout';
import { DetailPane } from './detailPane';
import { el } from './dom';
import { DEFAULT_EXPORT_CODES, ExportPanel } from './exportPanel';
import { DiversifyPanel } from './diversifyPanel';
import type { SearchTerm } from './highlight';
import { PageCache } from './pageCache';
import { ReviewPanel } from './reviewPanel';
import { Sash } from './sash';
import { SummaryHeader } from './summaryHeader';
import { Toolbar } from './toolbar';
import { initialUiState, persist } from './uiState';
import { VirtualTable } from './virtualTable';

const MAX_CHARS_PER_CELL = 300;

const { strings } = readBootstrap<DatasetPreviewBootstrap>();
const ui = initialUiState();
let readyCount = 0;
let fileName = '';
let pageSize = 200;
let index: IndexStatus = { generation: 0, records: 0, bytesScanned: 0, totalBytes: 0, done: false };
let analysis: AnalysisStatus = { generation: 0, state: 'waiting', progress: 0 };
let view: { viewId: number; total: number; identity: boolean } | undefined;
let cache: PageCache | undefined;
let searchId: number | undefined;
let searchHits = 0;
let searchAbort: AbortController | undefined;
let viewRequest = 0;

const message = el('div', 'message', strings.loading);
const header = new SummaryHeader(
  strings,
  (code) => applyFilter({ codes: [code], severities: [] }),
  (collapsed) => {
    ui.chartsCollapsed = collapsed;
    save();
  },
);
const toolbar = new Toolbar(strings, {
  onFilter: (filter) => applyFilter(filter),
  onSearch: (query, caseSensitive) => void runSearch(query, caseSensitive),
  onClearSearch: () => {
    searchAbort?.abort();
    searchId = undefined;
    ui.search = '';
    save();
    void refreshView();
  },
  onExport: () => void exportPanel.show(analysis.summary?.recordsByCode ?? {}, DEFAULT_EXPORT_CODES),
  onReview: () => void review.start(),
  onDiversify: () => void host.request('diversify', {}, { timeoutMs: 0 }).catch(showError),
});
const diversify = new DiversifyPanel(strings, {
  showRows: async (rows) => {
    ui.filter = { codes: [], severities: [] };
    toolbar.setFilter(ui.filter);
    searchId = (await host.request('showRows', { generation: index.generation, rows })).searchId;
    await refreshView();
  },
  showAll: () => toolbar.clearSearch(),
});
const review: ReviewPanel = new ReviewPanel(strings, {
  open: () => host.request('reviewOpen', {}, { timeoutMs: 0 }),
  decide: (request) => host.request('reviewDecide', request),
  move: (position) => host.request('reviewMove', { position }),
  exportAccepted: () => host.request('reviewExport', {}, { timeoutMs: 0 }),
  revealInEditor: (row) => void host.request('revealInEditor', { row }),
  toggled: (open) => {
    root.classList.toggle('reviewing', open);
    if (!open) table.focus();
  },
  onError: (error) => showError(error),
});
const exportPanel = new ExportPanel(
  strings,
  (codes) => host.request('exportPreview', { codes }),
  async (codes) => {
    await host.request('exportCleaned', { codes }, { timeoutMs: 0 });
  },
);
const table = new VirtualTable(strings, {
  onWindow: (first, last) => void fetchWindow(first, last),
  onSelect: (_position, row) => {
    ui.selectedRow = row;
    save();
    if (detail.open && row !== undefined) void openDetail(row);
  },
  onOpen: (_position, row) => row !== undefined && void openDetail(row),
  onRevealInEditor: (row) => void host.request('revealInEditor', { row }),
  onPickCode: (code) => applyFilter({ codes: [code], severities: [] }),
  onColumnsChanged: (widths, order) => {
    ui.columnWidths = widths;
    ui.columnOrder = order;
    save();
  },
});
const detail = new DetailPane(
  strings,
  () => closeDetail(true),
  (row) => void host.request('revealInEditor', { row }),
  (row) => void reveal(row),
);
const sash = new Sash(
  strings.resizeDetail,
  () => detail.element.getBoundingClientRect().width,
  (width, done) => {
    ui.detailWidth = width === undefined ? undefined : clampDetailWidth(width, body);
    applyDetailWidth(detail.element, ui.detailWidth, body);
    if (done) save();
  },
);
sash.element.hidden = true;

const root = el('main');
root.id = 'tunelab-dataset-preview';
const body = el('div', 'body');
body.append(table.element, sash.element, detail.element);
root.append(header.element, toolbar.element, exportPanel.element, diversify.element, message, review.element, body);
document.body.append(root);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && detail.open) closeDetail(true);
});
// VS Code changes the body's theme class and the page's colour variables on a theme switch:
// charts keep the colours they were drawn with, so draw them again.
let themeFrame = 0;
const themeObserver = new MutationObserver(() => {
  cancelAnimationFrame(themeFrame);
  themeFrame = requestAnimationFrame(() => header.redraw());
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
window.addEventListener('resize', () => applyDetailWidth(detail.element, ui.detailWidth, body));

const host = connectToHost<PreviewWebviewSide, PreviewHostSide>(
  {
    describeView: () => ({
      readyCount,
      fileName,
      renderedRows: table.renderedRowCount(),
      firstRowText: table.firstRenderedText(),
      viewTotal: table.viewTotal,
      selectedRow: ui.selectedRow,
      detailText: detail.text,
      chartsDrawn: header.chartCount,
      detailVisible: detail.element.getClientRects().length > 0 && detail.element.getBoundingClientRect().width > 0,
      detailWidth: Math.round(detail.element.getBoundingClientRect().width),
      detailLabel: detail.open ? (detail.element.getAttribute('aria-label') ?? undefined) : undefined,
      filterChips: toolbar.chipNames,
      severityLabels: toolbar.severityLabels,
      columnWidths: table.columnWidths(),
      shownText: toolbar.shownText,
      tableHighlights: table.element.querySelectorAll('.row.loaded mark').length,
      detailHighlights: detail.open ? detail.element.querySelectorAll('mark').length : 0,
      pageScrollWidth: document.documentElement.scrollWidth,
      pageWidth: document.documentElement.clientWidth,
      cutBadges: table.cutBadgeCount(),
      themeKind: [...document.body.classList].find((c) => c.startsWith('vscode-') && c !== 'vscode-reduce-motion') ?? '',
      chartTextColor: header.chartTextColor,
      themeForeground: getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim(),
      selectionVisible: table.selectionVisible(),
      chartsCollapsed: header.collapsed,
      detailOverHeader: overlap(detail.element, table.headViewport),
      review: review.describe(),
      diversify: diversify.describe(),
    }),
  },
  {
    indexStatus: (status) => onIndex(status),
    analysisStatus: (status) => onAnalysis(status),
    searchHits: ({ searchId: id, rows, scanned, total }) => {
      if (id !== searchId && searchId !== undefined) return;
      searchHits += rows.length;
      toolbar.showSearchProgress(searchHits, scanned, total);
    },
    revealRow: ({ row }) => void reveal(row),
    showExport: () => void showExport(),
    showReview: () => void review.start(),
    diversified: (outcome) => diversify.show(outcome),
  },
);

function save(): void {
  ui.firstVisibleRow = table.firstVisible();
  persist(ui);
}

function closeDetail(focusTable: boolean): void {
  detail.hide();
  sash.element.hidden = true;
  ui.detailOpen = false;
  save();
  if (focusTable) table.focus();
}

function searchTerm(): SearchTerm | undefined {
  return searchId !== undefined && ui.search ? { query: ui.search, caseSensitive: ui.caseSensitive } : undefined;
}

/** Waits for the check to finish, then opens the export panel (the command palette's export). */
async function showExport(): Promise<void> {
  while (analysis.state !== 'done' && analysis.state !== 'failed') await new Promise((resolve) => setTimeout(resolve, 100));
  await exportPanel.show(analysis.summary?.recordsByCode ?? {}, DEFAULT_EXPORT_CODES);
}

function showError(error: unknown): void {
  if (RpcError.is(error, 'stale') || RpcError.is(error, 'cancelled')) return; // a newer view or generation took over
  message.hidden = false;
  message.textContent = formatMessage(strings.loadFailed, error instanceof Error ? error.message : String(error));
}

function onIndex(next: IndexStatus): void {
  const generationChanged = next.generation !== index.generation;
  index = next;
  header.update(index, analysis, severities());
  if (next.error) return showError(next.error);
  if (generationChanged) {
    searchId = undefined;
    void refreshView();
  } else if (view?.identity) {
    view.total = next.records;
    table.setTotal(next.records);
  }
  if (view) toolbar.setShown(view.total, index.records);
  updateMessage();
}

function onAnalysis(next: AnalysisStatus): void {
  // A second 'done' of the same generation: findings of a later pass (semantic duplicates) were joined.
  const justDone = next.state === 'done';
  analysis = next;
  header.update(index, analysis, severities());
  if (next.summary) onSummary(next.summary);
  // Badges and filtered views depend on the analysis: refetch what is shown.
  if (justDone) void refreshView(table.firstVisible());
  // The record pane lists the record's findings too: joined ones appear in it without reselecting.
  if (justDone && detail.row !== undefined) void openDetail(detail.row);
}

function onSummary(summary: NonNullable<AnalysisStatus['summary']>): void {
  toolbar.setCodes(summary.recordsByCode);
  table.fitBadges(Object.keys(summary.recordsByCode).map((code) => strings.codeTitles[code] ?? code));
}

function severities(): Map<string, Severity> {
  return new Map(Object.entries(analysis.summary?.severityByCode ?? {}));
}

function updateMessage(): void {
  if (index.error) return;
  if (view && view.total === 0 && (index.done || !view.identity)) {
    message.hidden = false;
    message.textContent = view.identity ? strings.noRecords : strings.noMatches;
  } else message.hidden = true;
}

function applyFilter(filter: ViewFilter): void {
  ui.filter = filter;
  toolbar.setFilter(filter);
  save();
  void refreshView();
}

/** Asks the host for the view of the current filter and search, and shows it. */
async function refreshView(firstPosition = 0): Promise<void> {
  const request = ++viewRequest;
  try {
    const next = await host.request('setView', { generation: index.generation, filter: ui.filter, searchId });
    if (request !== viewRequest) return;
    const identity = ui.filter.codes.length === 0 && ui.filter.severities.length === 0 && searchId === undefined;
    view = { ...next, identity };
    cache = new PageCache(next.viewId, pageSize, async (start, count) => {
      const page = await host.request('getRows', { generation: index.generation, viewId: next.viewId, start, count, maxChars: MAX_CHARS_PER_CELL });
      return page.rows;
    });
    table.setView(cache, next.total, firstPosition);
    table.setSearch(searchTerm());
    detail.setSearch(searchTerm());
    toolbar.setShown(next.total, index.records);
    updateMessage();
    // A record the new filter or search hides leaves the pane with it.
    const open = detail.row;
    if (open !== undefined) {
      const position = await host.request('positionOf', { viewId: next.viewId, row: open });
      if (request === viewRequest && position < 0 && detail.row === open) closeDetail(false);
      else if (position >= 0) table.select(position, false);
    }
  } catch (error) {
    showError(error);
  }
}

async function fetchWindow(first: number, last: number): Promise<void> {
  const current = cache;
  if (!current || !view) return;
  try {
    await current.ensure(first, Math.min(last, view.total - 1));
    if (cache === current) table.render();
    save();
  } catch (error) {
    showError(error);
  }
}

async function openDetail(row: number): Promise<void> {
  try {
    const record = await host.request('getRecord', { generation: index.generation, row });
    detail.show(record);
    sash.element.hidden = false;
    applyDetailWidth(detail.element, ui.detailWidth, body);
    ui.detailOpen = true;
    ui.selectedRow = row;
    save();
  } catch (error) {
    showError(error);
  }
}

async function runSearch(query: string, caseSensitive: boolean): Promise<void> {
  searchAbort?.abort();
  const controller = new AbortController();
  searchAbort = controller;
  searchHits = 0;
  searchId = undefined;
  ui.search = query;
  ui.caseSensitive = caseSensitive;
  save();
  toolbar.showSearchProgress(0, 0, index.records);
  try {
    const result = await host.request('search', { generation: index.generation, query, caseSensitive }, { signal: controller.signal, timeoutMs: 0 });
    if (controller.signal.aborted) return;
    searchId = result.searchId;
    toolbar.showSearchProgress(result.hits, 1, 1);
    await refreshView();
  } catch (error) {
    showError(error);
  }
}

/** Selects a record (from the editor's "show in preview"), leaving a filter that hides it. */
async function reveal(row: number): Promise<void> {
  if (!view) await refreshView();
  let position = view ? await host.request('positionOf', { viewId: view.viewId, row }) : -1;
  if (position < 0) {
    ui.filter = { codes: [], severities: [] };
    searchId = undefined;
    toolbar.setFilter(ui.filter);
    await refreshView();
    position = view ? await host.request('positionOf', { viewId: view.viewId, row }) : -1;
  }
  if (position < 0) return;
  table.select(position);
  await openDetail(row);
}

async function start(): Promise<void> {
  const init = await host.request('ready', { uiStateVersion: DATASET_PREVIEW_UI_STATE_VERSION });
  readyCount++;
  fileName = init.file.fileName;
  pageSize = init.pageSize;
  index = init.index;
  analysis = init.analysis;
  header.setFile(fileName);
  table.setColumns(init.columns satisfies ColumnInfo[], ui.columnWidths, ui.columnOrder);
  header.setCollapsed(ui.chartsCollapsed);
  toolbar.setFilter(ui.filter);
  toolbar.setSearch(ui.search, ui.caseSensitive);
  header.update(index, analysis, severities());
  if (analysis.summary) onSummary(analysis.summary);
  await refreshView(ui.firstVisibleRow);
  if (ui.selectedRow !== undefined && ui.detailOpen) void openDetail(ui.selectedRow);
  if (ui.search) void runSearch(ui.search, ui.caseSensitive);
  table.focus();
}

start().catch(showError);
