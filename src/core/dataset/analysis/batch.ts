import type { Finding } from '../findings';
import type { Container } from '../reading/recordScanner';

/** Records handed to a worker: their bytes back to back, with positions in the file. */
export interface RecordBatch {
  sequence: number;
  /** 0-based index of the batch's first record in the file. */
  firstRecord: number;
  container: Container;
  bytes: Uint8Array;
  /** Record k is bytes[offsets[k], offsets[k + 1]). */
  offsets: Uint32Array;
  byteStarts: Float64Array;
  lines: Int32Array;
  columns: Int32Array;
}

/** Per-record findings and the compact features the whole-dataset stages need. */
export interface BatchResult {
  sequence: number;
  firstRecord: number;
  count: number;
  findings: Finding[];
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
  /** Opening / closing phrases of the record's responses, joined by U+0001. */
  openings: Array<string | null>;
  closings: Array<string | null>;
  /** 1 when the record has at least one finding. */
  flagged: Uint8Array;
  /** Number of responses in the batch (the template-tone denominator). */
  responses: number;
}
