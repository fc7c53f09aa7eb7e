/**
 * The dataset previewer's protocol: what the host answers, what the webview answers, and
 * the startup data injected into its HTML. Shared by the host and the webview bundles.
 */
import type { FindingCode, Severity } from '../findings';
import type { RequestSpec } from './rpc';
import type { ReviewDecisionName, ReviewState, ReviewStrings } from './datasetReview';

export const DATASET_PREVIEW_VIEW_TYPE = 'tunelab.datasetPreview';

/** Bumped whenever the persisted UI state changes shape; older state is discarded. */
export const DATASET_PREVIEW_UI_STATE_VERSION = 3;

/** Localised strings the webview shows; filled by the host with `vscode.l10n.t`. */
export interface DatasetPreviewStrings {
  loading: string;
  /** "Indexing… {0}%" */
  indexing: string;
  /** "Checking… {0}%" */
  analysing: string;
  /** "{0} records" */
  recordCount: string;
  /** "{0} flagged ({1}%)" */
  flagged: string;
  noRecords: string;
  noMatches: string;
  loadFailed: string;
  rowHeader: string;
  findingsHeader: string;
  filterCodes: string;
  filterSeverity: string;
  anySeverity: string;
  allRecords: string;
  search: string;
  searchPlaceholder: string;
  /** "{0} matches" */
  searchMatches: string;
  caseSensitive: string;
  clear: string;
  showInEditor: string;
  /** "Go to record {0}": the link to a duplicate's twin. */
  goToRecord: string;
  exportCleaned: string;
  exportTitle: string;
  /** "Drops {0} records" */
  exportDrops: string;
  /** "Keeps {0} of {1} records" */
  exportKeeps: string;
  exportDropsMost: string;
  exportConfirm: string;
  cancel: string;
  findingsChart: string;
  mixChart: string;
  target: string;
  actual: string;
  system: string;
  tools: string;
  chosen: string;
  rejected: string;
  label: string;
  desirable: string;
  undesirable: string;
  rawJson: string;
  notParsed: string;
  truncated: string;
  close: string;
  /** "Record {0}" */
  rowLabel: string;
  /** "line {0}" */
  lineLabel: string;
  /** "{0} of {1} shown" */
  shownCount: string;
  /** Placeholder of the list that adds a finding filter. */
  addFilter: string;
  /** "Remove filter: {0}" */
  removeFilter: string;
  /** "+{0} more: {1}" (tooltip of the badge that stands for the other findings) */
  moreFindings: string;
  /** Toggle of the summary charts. */
  charts: string;
  showCharts: string;
  hideCharts: string;
  /** Waiting for the analysis before the charts can be drawn. */
  chartsPending: string;
  resizeDetail: string;
  /** "Resize column {0}" */
  resizeColumn: string;
  /** "Drag to reorder column {0}" */
  reorderColumn: string;
  /** Localised severity names (error, warning, info, hint). */
  severities: Record<string, string>;
  /** Localised names of the structure classes of the mix chart (single-turn, …). */
  mixClasses: Record<string, string>;
  /** Localised column titles and role names, keyed by their English text. */
  columns: Record<string, string>;
  roles: Record<string, string>;
  /** Localised rule titles by code. */
  codeTitles: Record<string, string>;
  /** The sampled review's panel. */
  review: ReviewStrings;
  diversify: DiversifyStrings;
}

export interface DatasetPreviewBootstrap {
  strings: DatasetPreviewStrings;
  uiStateVersion: number;
}

/** What the webview persists across reloads: UI intent only, never data. */
export interface DatasetPreviewUiState {
  version: number;
  firstVisibleRow: number;
  selectedRow: number | undefined;
  detailOpen: boolean;
  filter: ViewFilter;
  search: string;
  caseSensitive: boolean;
  /** Width of the record pane beside the table, in CSS pixels (undefined: the default). */
  detailWidth: number | undefined;
  chartsCollapsed: boolean;
  /** Column widths the user dragged, in CSS pixels, by column id. */
  columnWidths: Record<string, number>;
  /** Column ids in the order the user dragged them into (empty: the format's order). */
  columnOrder: string[];
}

export interface ViewFilter {
  /** Only records with one of these codes (empty: any). */
  codes: FindingCode[];
  /** Only findings of these severities (empty: any). */
  severities: Severity[];
}

export interface PreviewFileInfo {
  fileName: string;
  fileSize: number;
}

export interface IndexStatus {
  /** Bumped when the file changes on disk; pages from an older generation are stale. */
  generation: number;
  records: number;
  bytesScanned: number;
  totalBytes: number;
  done: boolean;
  error?: string;
}

export interface ColumnInfo {
  id: string;
  /** English title (the webview localises it through `strings.columns`). */
  title: string;
}

/** The engine's verdict on the whole file, once its analysis finished. */
export interface AnalysisStatus {
  generation: number;
  state: 'waiting' | 'running' | 'done' | 'failed';
  /** 0..1 while running. */
  progress: number;
  error?: string;
  summary?: {
    records: number;
    format?: string;
    flaggedRecords: number;
    flaggedShare: number;
    recordsByCode: Partial<Record<FindingCode, number>>;
    /** The most severe severity each code was reported with. */
    severityByCode: Partial<Record<FindingCode, Severity>>;
    mix: { classes: Record<string, number>; targets: Array<{ name: string; target: number; actual: number }> };
  };
}

export interface FindingBadge {
  code: FindingCode;
  severity: Severity;
}

export interface PreviewRow {
  /** 0-based record index. */
  row: number;
  cells: string[];
  format?: string;
  /** The start of the raw text, when the record does not parse. */
  raw?: string;
  findings: FindingBadge[];
}

export interface RowsPage {
  generation: number;
  viewId: number;
  start: number;
  rows: PreviewRow[];
}

export interface DetailTurn {
  role: string;
  sourceRole: string;
  text: string;
  truncated: boolean;
}

export interface DetailFinding {
  code: FindingCode;
  severity: Severity;
  message: string;
  why: string;
  /** 0-based rows of the records this one is linked to (a duplicate's twin). */
  twins?: number[];
}

/** One record laid out for the chat view (built by src/core/dataset/preview/recordDetail.ts). */
export interface RecordLayout {
  row: number;
  line: number;
  format?: string;
  system?: string;
  tools?: string;
  turns: DetailTurn[];
  chosen?: DetailTurn[];
  rejected?: DetailTurn[];
  label?: boolean;
  /** The raw JSON (pretty-printed when it parses), cut to a readable length. */
  raw: string;
  parseError?: string;
}

export interface RecordDetail extends RecordLayout {
  findings: DetailFinding[];
}

/** The diversity filter panel's strings. */
export interface DiversifyStrings {
  button: string;
  title: string;
  /** "Admits {0} of {1} records; rejects {2}: {3} as twins of earlier records, {4} as twins of the training file." */
  summary: string;
  /** "Admitted records written to {0}." */
  written: string;
  notWritten: string;
  clustersTitle: string;
  /** "Cluster of record {0}: {1} near-identical" */
  cluster: string;
  /** "Cluster of {0} record {1}: {2} near-identical" */
  clusterAgainst: string;
  /** "Showing the cluster of record {0} ({1} records)." */
  showing: string;
  showAll: string;
}

/** A group of near-identical ("template tone") records: an admitted record and those rejected as its twins. */
export interface DiversifyCluster {
  /** 0-based row of the admitted record in this file; -1 when the twin is in the other training file. */
  twinRow: number;
  /** The other training file's name and its 1-based record, when the twin is there. */
  twinFile?: string;
  twinRecord?: number;
  /** 0-based rows of the rejected records, in file order. */
  rows: number[];
}

/** What *Diversify Dataset…* did (or would do, when nothing was written). */
export interface DiversifyOutcome {
  records: number;
  admitted: number;
  rejected: number;
  /** Rejected as twins of records of the other training file, and of earlier records of this one. */
  fromAgainst: number;
  fromCandidates: number;
  /** Where the admitted records were written; absent when the user stopped before writing. */
  written?: string;
  clusters: DiversifyCluster[];
}

/** The review panel's state with the record it shows (absent when the record is no longer in the file). */
export interface ReviewView extends ReviewState {
  record?: RecordDetail;
}

/** Describes what the webview shows; used by the integration tests and when logging. */
export interface ViewDescription {
  readyCount: number;
  fileName: string;
  renderedRows: number;
  firstRowText: string | undefined;
  viewTotal: number;
  selectedRow: number | undefined;
  detailText: string | undefined;
  chartsDrawn: number;
  /** Whether the record pane takes space on screen (not only "has a record"). */
  detailVisible: boolean;
  /** The record pane's width on screen (px; 0 when hidden). */
  detailWidth: number;
  /** The record pane's accessible name. */
  detailLabel: string | undefined;
  /** Header cell widths on screen (px) by column id, in display order. */
  columnWidths: Array<[string, number]>;
  /** The labels of the severity filter's choices. */
  severityLabels: string[];
  /** Names on the active filter chips, in order. */
  filterChips: string[];
  /** The "N of M shown" line. */
  shownText: string;
  /** Search hits highlighted in the table rows and in the record pane. */
  tableHighlights: number;
  detailHighlights: number;
  /** The page's scroll width and its visible width (horizontal page scroll when the first is larger). */
  pageScrollWidth: number;
  pageWidth: number;
  /** Finding badges in the rendered rows whose text does not fit. */
  cutBadges: number;
  /** The theme kind class on the body (vscode-dark, vscode-light, vscode-high-contrast…). */
  themeKind: string;
  /** The tick colour the drawn charts use, and the theme's foreground they should follow. */
  chartTextColor: string | undefined;
  themeForeground: string;
  /** Whether the selected row differs from the others on screen (background or outline). */
  selectionVisible: boolean | undefined;
  chartsCollapsed: boolean;
  /** Overlap in px between the record pane and the table's header row (0 when they do not overlap). */
  detailOverHeader: number;
  /** The diversity filter panel, when it is open: its text and its cluster buttons. */
  diversify?: { text: string; clusters: string[] };
  /** The review panel, when it is open. */
  review?: { position: number; row: number; progressText: string; decision?: ReviewDecisionName; note?: string; score?: number; done: boolean };
}

export interface PreviewHostSide {
  requests: {
    /** The webview's first message once its script runs; answers with what it needs to start. */
    ready: RequestSpec<
      { uiStateVersion: number },
      { file: PreviewFileInfo; index: IndexStatus; analysis: AnalysisStatus; columns: ColumnInfo[]; pageSize: number }
    >;
    /** The rows of a view (all records, or a filtered / searched subset), by position in the view. */
    setView: RequestSpec<{ generation: number; filter: ViewFilter; searchId?: number }, { viewId: number; total: number }>;
    /** A page of a view's rows; rejects with code `stale` when `generation` is out of date. */
    getRows: RequestSpec<{ generation: number; viewId: number; start: number; count: number; maxChars: number }, RowsPage>;
    /** Position of a record in a view (-1 when it is not in it). */
    positionOf: RequestSpec<{ viewId: number; row: number }, number>;
    getRecord: RequestSpec<{ generation: number; row: number }, RecordDetail>;
    /** Streams hits as `searchHits` notifications; resolves when the search is complete. */
    search: RequestSpec<{ generation: number; query: string; caseSensitive: boolean }, { searchId: number; hits: number; complete: boolean }>;
    revealInEditor: RequestSpec<{ row: number }, void>;
    /** How many records each finding code would drop from a cleaned copy. */
    /** How many records the chosen codes drop; `maxDropShare` is the share above which the export asks first. */
    exportPreview: RequestSpec<{ codes: FindingCode[] }, { total: number; drops: number; byCode: Partial<Record<FindingCode, number>>; maxDropShare: number }>;
    /** Asks where to save, then writes the cleaned copy; the source is never overwritten. */
    exportCleaned: RequestSpec<{ codes: FindingCode[] }, { written?: string; kept: number; dropped: number }>;
    /** Starts this reviewer's review of the file, or resumes it when its review file exists. */
    reviewOpen: RequestSpec<Record<string, never>, ReviewView>;
    /** The review at a position of the sample. */
    reviewMove: RequestSpec<{ position: number }, ReviewView>;
    /** Records a decision (saved at once) and moves to the next undecided record. */
    reviewDecide: RequestSpec<{ position: number; decision: ReviewDecisionName; note?: string; score?: number }, ReviewView>;
    /** Asks where to save, then writes the accepted records in the dataset's format. */
    reviewExport: RequestSpec<Record<string, never>, { written?: string; kept: number }>;
    /** *Diversify Dataset…* on this file; its outcome comes as the `diversified` notification. */
    diversify: RequestSpec<Record<string, never>, void>;
    /** A view of these rows only (a template-tone cluster), shown like a search's hits. */
    showRows: RequestSpec<{ generation: number; rows: number[] }, { searchId: number }>;
  };
  notifications: Record<string, never>;
}

export interface PreviewWebviewSide {
  requests: {
    describeView: RequestSpec<undefined, ViewDescription>;
  };
  notifications: {
    /** Index building progress, its end, or a new generation after a file change. */
    indexStatus: IndexStatus;
    analysisStatus: AnalysisStatus;
    searchHits: { searchId: number; rows: number[]; scanned: number; total: number };
    /** Select (and scroll to) a record: the editor's "reveal in preview" command. */
    revealRow: { row: number };
    /** Open the export panel (the "Export Cleaned Dataset…" command). */
    showExport: Record<string, never>;
    /** Open the review panel (the "Start Review" command). */
    showReview: Record<string, never>;
    /** What the diversity filter admitted and rejected, with its clusters. */
    diversified: DiversifyOutcome;
  };
}
