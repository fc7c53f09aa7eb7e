/**
 * The dataset previewer's protocol: what the host answers, what the webview answers, and
 * the startup data injected into its HTML. Shared by the host and the webview bundles.
 */
import type { RequestSpec } from './rpc';

export const DATASET_PREVIEW_VIEW_TYPE = 'tunelab.datasetPreview';

/** Bumped whenever the persisted UI state changes shape; older state is discarded. */
export const DATASET_PREVIEW_UI_STATE_VERSION = 1;

/** Localised strings the webview shows; filled by the host with `vscode.l10n.t`. */
export interface DatasetPreviewStrings {
  loading: string;
  indexing: string;
  /** "{0} records" */
  recordCount: string;
  /** "{0} of {1} bytes" */
  fileSize: string;
  noRecords: string;
  rowHeader: string;
  recordHeader: string;
  loadFailed: string;
}

export interface DatasetPreviewBootstrap {
  strings: DatasetPreviewStrings;
}

/** What the webview persists across reloads: UI intent only, never data. */
export interface DatasetPreviewUiState {
  version: number;
  firstVisibleRow: number;
}

export interface PreviewFileInfo {
  fileName: string;
  fileSize: number;
}

export interface IndexStatus {
  /** Bumped when the file changes on disk; pages from an older generation are stale. */
  generation: number;
  rows: number;
  bytesScanned: number;
  totalBytes: number;
  done: boolean;
  error?: string;
}

export interface PreviewRow {
  /** 0-based record index. */
  row: number;
  /** The record's text, cut to `maxChars`. */
  text: string;
  truncated: boolean;
}

export interface RowsPage {
  generation: number;
  start: number;
  rows: PreviewRow[];
}

/** Describes what the webview shows; used by the integration tests and when logging. */
export interface ViewDescription {
  readyCount: number;
  fileName: string;
  renderedRows: number;
  firstRowText: string | undefined;
}

export interface PreviewHostSide {
  requests: {
    /** The webview's first message once its script runs; answers with what it needs to start. */
    ready: RequestSpec<{ uiStateVersion: number }, { file: PreviewFileInfo; index: IndexStatus; pageSize: number }>;
    /** A page of rows; rejects with code `stale` when `generation` is out of date. */
    getRows: RequestSpec<{ generation: number; start: number; count: number; maxChars: number }, RowsPage>;
  };
  notifications: Record<string, never>;
}

export interface PreviewWebviewSide {
  requests: {
    describeView: RequestSpec<undefined, ViewDescription>;
  };
  notifications: {
    /** Index building progress, and its end (`done`), or a new generation after a file change. */
    indexStatus: IndexStatus;
  };
}
