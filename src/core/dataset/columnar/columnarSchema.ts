/** Which columnar format a file holds; Arrow IPC comes as a file (footer, random access) or a stream (`save_to_disk`). */
export type ColumnarFormat = 'parquet' | 'arrow-file' | 'arrow-stream' | 'csv' | 'tsv';

/** What detection found: a format, or an Arrow file whose footer is gone (read as the stream it wraps). */
export type DetectedFormat = ColumnarFormat | 'arrow-file-cut';

export interface ColumnSummary {
  name: string;
  /** The type as the format names it: `BYTE_ARRAY (UTF8)`, `List<Struct<{role:Utf8, content:Utf8}>>`, `string`. */
  type: string;
  nullable: boolean;
}

/** What the previewer header and the CLI summary say about a columnar file, before any row is read. */
export interface ColumnarSchema {
  format: ColumnarFormat;
  columns: ColumnSummary[];
  /** From the footer (Parquet, Arrow file); counted while reading otherwise. */
  rows?: number;
  /** Parquet row groups, or Arrow record batches. */
  groups?: number;
  /** Codecs in use (Parquet), e.g. ['SNAPPY']; empty when uncompressed or not applicable. */
  compression: string[];
}

/**
 * A part of the file that could not be read. `row` is 1-based; a problem with no row is about
 * the whole file (it could not be opened). `rows` counts the rows it cost, when known.
 */
export interface ReadProblem {
  kind: 'file' | 'rows' | 'row';
  row?: number;
  rows?: number;
  /** The record in the JSON Lines view when the row was still read (a ragged CSV row); absent when it was skipped. */
  record?: number;
  /** English template with {0} placeholders (msg()), and its arguments. */
  message: string;
  args: Array<string | number>;
}

/** A reader's failure to open a file: becomes a file-level finding, never a crash. */
export class ColumnarReadError extends Error {
  constructor(
    readonly template: string,
    readonly args: Array<string | number>,
  ) {
    super(args.length ? `${template} (${args.join(', ')})` : template);
  }
}

export interface ColumnarRow {
  /** 1-based row number in the file (data rows; a CSV header is not a row). */
  row: number;
  record: Record<string, unknown>;
}

/** One opened columnar file: its schema at once, then its rows in order, with bounded memory. */
export interface ColumnarSource {
  readonly schema: ColumnarSchema;
  /** Rows in file order; a part that cannot be read is reported and skipped where reading can go on. */
  rows(onProblem: (problem: ReadProblem) => void, signal?: AbortSignal): AsyncGenerator<ColumnarRow>;
  close(): Promise<void>;
}

/** A short reason from any thrown value, for a finding's message (never a stack). */
export function reason(error: unknown): string {
  // The message templates end with their own full stop.
  const text = (error instanceof Error ? error.message : String(error)).trim().replace(/\.$/, '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
