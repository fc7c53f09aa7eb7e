import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import type { DatasetRecord } from '../formats/recordModel';
import { describeFormat } from '../formats/recordModel';
import type { ByteSource } from '../reading/byteSource';
import type { ColumnSet } from './previewColumns';
import { cellsOf } from './previewColumns';
import type { RecordIndex } from './recordIndex';

/** Records above this size are shown by their first characters without being parsed. */
const PARSE_LIMIT_BYTES = 16 << 20;
/** Neighbouring records closer than this are read in one go. */
const SPAN_GAP_BYTES = 64 << 10;
const SPAN_MAX_BYTES = 8 << 20;

export interface PreviewRow {
  /** 0-based record index in the file. */
  row: number;
  cells: string[];
  format?: string;
  /** Set when the record does not parse (or is too big to): the start of its raw text. */
  raw?: string;
}

/**
 * Reads and projects records for the previewer's table: neighbouring records are read in
 * one read, each record is parsed and normalised, and only its cells (cut short) travel.
 */
export async function readRows(
  reader: ByteSource,
  index: RecordIndex,
  rows: readonly number[],
  columns: ColumnSet,
  maxChars: number,
  info?: DatasetInfoEntry,
): Promise<PreviewRow[]> {
  const out: PreviewRow[] = [];
  await forEachRecordText(reader, index, rows, (row, text) => {
    if (text === undefined) {
      out.push({ row, cells: [], raw: '' });
      return;
    }
    const record = parseRecord(text, info);
    if (!record) out.push({ row, cells: [], raw: text.slice(0, maxChars) });
    else out.push({ row, cells: cellsOf(record, columns, maxChars), format: describeFormat(record.layout, record.kind) });
  });
  return out;
}

export function parseRecord(text: string, info?: DatasetInfoEntry): DatasetRecord | undefined {
  try {
    return normalizeRecord(JSON.parse(text), info).record;
  } catch {
    return undefined;
  }
}

/**
 * Calls `visit` with each row's text, in row order, reading neighbouring rows together.
 * Text of records over the parse limit is cut to its start (`undefined` for unreadable rows).
 */
export async function forEachRecordText(
  reader: ByteSource,
  index: RecordIndex,
  rows: readonly number[],
  visit: (row: number, text: string | undefined, truncated: boolean) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  const sorted = [...rows].filter((r) => r >= 0 && r < index.count).sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    const first = index.record(sorted[i]);
    let spanEnd = Math.min(first.byteEnd, first.byteStart + PARSE_LIMIT_BYTES);
    let j = i + 1;
    while (j < sorted.length) {
      const next = index.record(sorted[j]);
      if (next.byteStart - spanEnd > SPAN_GAP_BYTES || next.byteEnd - first.byteStart > SPAN_MAX_BYTES) break;
      spanEnd = next.byteEnd;
      j++;
    }
    const span = await reader.read(first.byteStart, spanEnd - first.byteStart);
    const read = span.length;
    for (let k = i; k < j; k++) {
      const record = index.record(sorted[k]);
      const from = record.byteStart - first.byteStart;
      const to = Math.min(record.byteEnd, first.byteStart + read) - first.byteStart;
      if (to <= from) {
        visit(sorted[k], undefined, false);
        continue;
      }
      const truncated = record.byteEnd - record.byteStart > PARSE_LIMIT_BYTES;
      visit(sorted[k], decoder.decode(span.subarray(from, to)), truncated);
    }
    i = j;
  }
}
