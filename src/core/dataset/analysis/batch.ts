import type { Finding } from '../../../shared/findings';
import type { Container } from '../reading/recordScanner';

/** Split records (the main thread splits JSON arrays), with their positions in the file. */
export interface RecordsBatch {
  kind: 'records';
  sequence: number;
  container: Container;
  bytes: Uint8Array;
  /** Record k is bytes[starts[k], ends[k]). */
  starts: Uint32Array;
  ends: Uint32Array;
  byteStarts: Float64Array;
  lines: Int32Array;
  columns: Int32Array;
}

/** A piece of a JSON Lines file, cut at a line start and end: the worker splits it itself. */
export interface LinesBatch {
  kind: 'lines';
  sequence: number;
  bytes: Uint8Array;
  byteOffset: number;
  firstLine: number;
}

export type RecordBatch = RecordsBatch | LinesBatch;

/**
 * Per-record findings and the compact features the whole-dataset stages need. Record numbers
 * in `findings` are local to the batch (1-based); the main thread adds the batch's first
 * record when it takes the results in file order.
 */
export interface BatchResult {
  sequence: number;
  count: number;
  findings: Finding[];
  lines: Int32Array;
  columns: Int32Array;
  byteStarts: Float64Array;
  byteLengths: Uint32Array;
  formats: Uint8Array;
  endLines: Int32Array;
  endColumns: Int32Array;
  /** Column where the record's first line ends (where record-level findings are underlined). */
  headEnds: Int32Array;
  /** 53-bit hash of the canonical content; NaN for records that did not parse. */
  exactKeys: Float64Array;
  /** A second, independent hash of the same content, to rule out collisions. */
  exactChecks: Uint32Array;
  /** count × BANDS LSH band keys. */
  bandKeys: Uint32Array;
  hasBands: Uint8Array;
  mixClasses: Uint8Array;
  categories: Array<string | null>;
  /** Hashes of the opening and closing phrases of the records' responses (see tone/phrases.ts)… */
  phraseHashes: Float64Array;
  /** …and the batch-local index of the record each belongs to. */
  phraseRecords: Int32Array;
  /** 1 when the record has at least one finding. */
  flagged: Uint8Array;
  /** Number of responses in the batch (the template-tone denominator). */
  responses: number;
}

/** The typed arrays of a result, to transfer instead of copying between threads. */
export function transferables(result: BatchResult): ArrayBuffer[] {
  return [
    result.lines, result.columns, result.byteStarts, result.byteLengths, result.formats, result.endLines, result.endColumns,
    result.headEnds, result.exactKeys, result.exactChecks, result.bandKeys, result.hasBands, result.mixClasses,
    result.phraseHashes, result.phraseRecords, result.flagged,
  ].map((a) => a.buffer as ArrayBuffer);
}
