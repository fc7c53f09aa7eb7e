import './main.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { formatMessage } from '../../src/shared/format';
import { DATASET_PREVIEW_UI_STATE_VERSION } from '../../src/shared/protocol/datasetPreview';
import type {
  DatasetPreviewBootstrap,
  DatasetPreviewUiState,
  IndexStatus,
  PreviewHostSide,
  PreviewWebviewSide,
} from '../../src/shared/protocol/datasetPreview';
import { readBootstrap } from '../shared/bootstrap';
import { loadUiState, saveUiState } from '../shared/host';
import { connectToHost } from '../shared/rpcClient';
import { PageCache } from './pageCache';
import { RowList } from './rowList';

const MAX_CHARS_PER_ROW = 400;

const { strings } = readBootstrap<DatasetPreviewBootstrap>();
let readyCount = 0;
let fileName = '';
let status: IndexStatus | undefined;
let cache: PageCache | undefined;

const header = document.createElement('header');
header.className = 'summary';
const title = document.createElement('span');
title.className = 'file-name';
const count = document.createElement('vscode-badge');
const size = document.createElement('span');
size.className = 'file-size';
const progress = document.createElement('vscode-progress-bar');
const message = document.createElement('div');
message.className = 'message';
message.textContent = strings.loading;
header.append(title, count, size);
const list = new RowList(strings, (first, last) => {
  saveUiState<DatasetPreviewUiState>({ version: DATASET_PREVIEW_UI_STATE_VERSION, firstVisibleRow: first });
  void cache?.ensure(first, last).then(() => list.render(), showError);
});
const root = document.createElement('main');
root.id = 'tunelab-dataset-preview';
root.append(header, progress, message, list.element);
document.body.append(root);

const host = connectToHost<PreviewWebviewSide, PreviewHostSide>(
  {
    describeView: () => ({
      readyCount,
      fileName,
      renderedRows: list.renderedRowCount(),
      firstRowText: list.firstRenderedText(),
    }),
  },
  { indexStatus: (next) => applyStatus(next) },
);

function showError(error: unknown): void {
  message.hidden = false;
  message.textContent = formatMessage(strings.loadFailed, error instanceof Error ? error.message : String(error));
}

function applyStatus(next: IndexStatus): void {
  const generationChanged = next.generation !== status?.generation;
  status = next;
  size.textContent = formatMessage(strings.fileSize, next.totalBytes.toLocaleString());
  count.textContent = formatMessage(strings.recordCount, next.rows.toLocaleString());
  progress.hidden = next.done;
  if (next.error) {
    showError(next.error);
    return;
  }
  if (!next.done) {
    const percent = next.totalBytes ? Math.floor((100 * next.bytesScanned) / next.totalBytes) : 0;
    message.hidden = false;
    message.textContent = formatMessage(strings.indexing, percent);
    return;
  }
  message.hidden = next.rows > 0;
  message.textContent = strings.noRecords;
  if (generationChanged) cache?.reset(next.generation);
  list.setRowCount(next.rows);
}

async function start(): Promise<void> {
  const saved = loadUiState<DatasetPreviewUiState>(DATASET_PREVIEW_UI_STATE_VERSION);
  const init = await host.request('ready', { uiStateVersion: DATASET_PREVIEW_UI_STATE_VERSION });
  readyCount++;
  fileName = init.file.fileName;
  title.textContent = fileName;
  cache = new PageCache(init.pageSize, async (generation, first, rows) => {
    const page = await host.request('getRows', { generation, start: first, count: rows, maxChars: MAX_CHARS_PER_ROW });
    return page.rows;
  });
  list.setCache(cache);
  cache.reset(init.index.generation);
  applyStatus(init.index);
  if (saved) list.scrollToRow(saved.firstVisibleRow);
}

start().catch(showError);
