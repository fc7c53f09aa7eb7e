/**
 * The Parquet / Arrow / CSV previewer's protocol. The host opens the file for paging (schema
 * and row count from the footer at once), answers page requests by reading only the row
 * groups or batches a page falls in, and sends the findings when the background check ends.
 * Every string is text: the page sets it with textContent, never as markup.
 */
import type { RequestSpec } from './rpc';

export const COLUMNAR_PREVIEW_MARKER = 'tunelab-columnar-preview';

export interface ColumnarColumn {
  name: string;
  type: string;
  nullable: boolean;
}

export interface ColumnarOpened {
  fileName: string;
  /** Absent when the file could not be opened; `error` then says why (localised). */
  columns?: ColumnarColumn[];
  error?: string;
  /** Localised: "parquet; 100 row groups; compression SNAPPY". */
  details: string;
  /** Known from the footer (Parquet, Arrow file); counted once a sequential file was read to its end. */
  rows?: number;
  /** `random`: any page reads only its row group or batch; `sequential`: pages far down read every row before them. */
  access: 'random' | 'sequential';
  pageSize: number;
}

export interface ColumnarPageRow {
  /** 1-based row number in the file. */
  row: number;
  /** One text per column (JSON for lists and structs), cut to `maxChars`. */
  cells: string[];
  /** Findings on this row, once the check is done. */
  findings: number;
}

export interface ColumnarPage {
  /** 0-based index of the page's first row. */
  start: number;
  rows: ColumnarPageRow[];
  end: boolean;
  /** Rows known so far (a sequential file learns its count at its end). */
  totalRows?: number;
  /** Localised: parts of the page that could not be read. */
  problems: string[];
}

export interface ColumnarFindingRow {
  severity: string;
  code: string;
  /** 1-based row, 0 for the whole file. */
  row: number;
  /** Localised: "row 12 column output". */
  where: string;
  message: string;
}

export type ColumnarAnalysis =
  { state: 'running' } | { state: 'failed'; error: string } | { state: 'done'; summary: string; findings: ColumnarFindingRow[]; total: number };

export interface ColumnarStrings {
  schema: string;
  column: string;
  type: string;
  nullable: string;
  yes: string;
  no: string;
  rowCount: string;
  row: string;
  previous: string;
  next: string;
  goToRow: string;
  go: string;
  reading: string;
  readingSequential: string;
  findings: string;
  checking: string;
  where: string;
  severity: string;
  code: string;
  message: string;
  none: string;
  shown: string;
  rowsOf: string;
  rowsOfUnknown: string;
  unreadable: string;
  failed: string;
}

export interface ColumnarBootstrap {
  strings: ColumnarStrings;
}

/** What the page shows, for the integration tests. */
export interface ColumnarViewDescription {
  start: number;
  rows: number[];
  findings: number;
  analysis: ColumnarAnalysis['state'];
}

export interface ColumnarHostSide {
  requests: {
    ready: RequestSpec<undefined, ColumnarOpened>;
    getPage: RequestSpec<{ start: number; count: number; maxChars: number }, ColumnarPage>;
  };
  notifications: Record<string, never>;
}

export interface ColumnarWebviewSide {
  requests: {
    describeView: RequestSpec<undefined, ColumnarViewDescription>;
  };
  notifications: {
    analysis: ColumnarAnalysis;
    /** Select the page holding this 1-based row (tests, and a finding's row from elsewhere). */
    revealRow: { row: number };
  };
}
