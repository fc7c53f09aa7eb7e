import { open } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow';
import type { AsyncRecordBatchFileReader } from 'apache-arrow';
import { msg } from '../../../shared/messageTemplate';
import { batchRows } from './arrowRows';
import { detectColumnarFormat } from './columnarKind';
import type { ColumnarRow, ColumnarSchema, ColumnarSource, ReadProblem } from './columnarSchema';
import { ColumnarReadError, reason } from './columnarSchema';
import { openColumnar } from './openColumnar';
import { openParquetFooter, readGroup } from './parquetRows';
import { toPlain } from './plainValue';

/** One page of rows: `start` is 0-based; a row that could not be read is missing from `rows` and named in `problems`. */
export interface PageRead {
  start: number;
  rows: ColumnarRow[];
  /** True when no row follows the page (the file's row count is then known). */
  end: boolean;
  problems: ReadProblem[];
}

/**
 * The previewer's reader: the schema (and, for Parquet and Arrow files, the row count) at
 * once, then any page of rows on demand. Parquet reads only the row groups a page falls in
 * (footer + those groups' column chunks, by byte range); an Arrow IPC file reads its record
 * batches through the footer's block offsets; an Arrow stream and CSV/TSV can only be read in
 * order, so a page far down the file reads every row before it (`access: 'sequential'`).
 */
export interface ColumnarPager {
  readonly schema: ColumnarSchema;
  readonly access: 'random' | 'sequential';
  read(start: number, count: number, signal?: AbortSignal): Promise<PageRead>;
  close(): Promise<void>;
}

export interface PagerOptions {
  /** Every byte range read from a Parquet file (the bench's bytes-per-first-page figure, the tests' proof that other row groups stay unread). */
  onRead?: (start: number, end: number) => void;
}

export async function openPager(path: string, options: PagerOptions = {}): Promise<ColumnarPager> {
  const format = await detectColumnarFormat(path);
  if (format === 'parquet') return parquetPager(path, options.onRead);
  if (format === 'arrow-file') {
    const pager = await arrowFilePager(path);
    if (pager) return pager;
  }
  return sequentialPager(path, await openColumnar(path));
}

async function parquetPager(path: string, onRead?: (start: number, end: number) => void): Promise<ColumnarPager> {
  const { file, metadata, schema } = await openParquetFooter(path, onRead);
  const groups: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const g of metadata.row_groups) groups.push({ start: at, end: (at += Number(g.num_rows)) });
  return {
    schema,
    access: 'random',
    async read(start, count, signal) {
      const end = Math.min(start + count, at);
      const rows: ColumnarRow[] = [];
      const problems: ReadProblem[] = [];
      for (const g of groups) {
        if (g.end <= start || g.start >= end) continue;
        signal?.throwIfAborted();
        const from = Math.max(start, g.start);
        const to = Math.min(end, g.end);
        try {
          const data = await readGroup(file, metadata, from, to);
          for (let i = 0; i < data.length; i++) rows.push({ row: from + i + 1, record: toPlain(data[i]) as Record<string, unknown> });
        } catch (error) {
          problems.push({
            kind: 'rows',
            row: from + 1,
            rows: to - from,
            message: msg('Rows {0} to {1} could not be read: {2}.'),
            args: [from + 1, to, reason(error)],
          });
        }
      }
      return { start, rows, end: end >= at, problems };
    },
    close: () => file.close(),
  };
}

/** Random access to an Arrow IPC file's batches; undefined when apache-arrow cannot open it as a file (then it is read in order). */
async function arrowFilePager(path: string): Promise<ColumnarPager | undefined> {
  const handle = await open(path, 'r');
  let reader: AsyncRecordBatchFileReader;
  try {
    const opened = await RecordBatchReader.from(handle);
    await opened.open();
    if (!opened.isFile() || !opened.isAsync()) throw new Error('not a file reader');
    reader = opened;
  } catch {
    await handle.close();
    return undefined;
  }
  const fields = reader.schema.fields;
  const batches = reader.numRecordBatches;
  // The footer lists each batch's offset but not its length: lengths are learnt as batches are read.
  const starts: number[] = [0];
  const schema: ColumnarSchema = {
    format: 'arrow-file',
    columns: fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
    groups: batches,
    compression: [],
  };
  const batchAt = async (i: number) => {
    const batch = await reader.readRecordBatch(i);
    if (!batch) throw new Error(`record batch ${i + 1} is missing`);
    starts[i + 1] = starts[i] + batch.numRows;
    if (i + 1 === batches) schema.rows = starts[batches];
    return batch;
  };
  return {
    schema,
    access: 'random',
    async read(start, count, signal) {
      const rows: ColumnarRow[] = [];
      const problems: ReadProblem[] = [];
      const end = start + count;
      for (let i = 0; i < batches; i++) {
        signal?.throwIfAborted();
        if (starts[i + 1] !== undefined && starts[i + 1] <= start) continue; // known to end before the page
        if (starts[i] >= end) break;
        try {
          const batch = await batchAt(i);
          for (const r of batchRows(batch, reader.schema, starts[i])) if (r.row > start && r.row <= end) rows.push(r);
        } catch (error) {
          problems.push({ kind: 'rows', row: starts[i] + 1, message: msg('Rows from {0} on could not be read: {1}.'), args: [starts[i] + 1, reason(error)] });
          return { start, rows, end: true, problems };
        }
      }
      return { start, rows, end: schema.rows !== undefined && end >= schema.rows, problems };
    },
    close: async () => {
      await Promise.resolve(reader.cancel()).catch(() => undefined);
      await handle.close().catch(() => undefined);
    },
  };
}

/** Arrow streams and CSV/TSV: read in order; paging on keeps the cursor, paging back reopens the file. */
function sequentialPager(path: string, first: ColumnarSource): ColumnarPager {
  let source = first;
  let iterator: AsyncGenerator<ColumnarRow> | undefined;
  let ahead: ColumnarRow | undefined;
  let position = 0; // rows before the cursor (0-based index of the next row)
  let problems: ReadProblem[] = [];
  const schema: ColumnarSchema = { ...first.schema };
  const restart = async () => {
    await iterator?.return(undefined);
    if (iterator) {
      await source.close();
      source = await openColumnar(path).catch((error: unknown) => {
        throw error instanceof ColumnarReadError ? error : new ColumnarReadError(msg('The file could not be read: {0}.'), [reason(error)]);
      });
    }
    iterator = source.rows((p) => problems.push(p));
    ahead = undefined;
    position = 0;
  };
  return {
    schema,
    access: 'sequential',
    async read(start, count, signal) {
      if (!iterator || start < position) await restart();
      problems = [];
      const rows: ColumnarRow[] = [];
      const end = start + count;
      let done = false;
      for (;;) {
        signal?.throwIfAborted();
        let next = ahead;
        ahead = undefined;
        if (!next) {
          const step = await iterator!.next();
          if (step.done) {
            done = true;
            schema.rows = source.schema.rows;
            schema.groups = source.schema.groups;
            break;
          }
          next = step.value;
        }
        if (next.row > end) {
          ahead = next; // the first row of the next page
          break;
        }
        position = next.row;
        if (next.row > start) rows.push(next);
      }
      const inPage = problems.filter((p) => p.kind === 'file' || (p.row !== undefined && p.row > start && p.row <= end));
      return { start, rows, end: done, problems: inPage };
    },
    close: async () => {
      await iterator?.return(undefined);
      await source.close();
    },
  };
}
