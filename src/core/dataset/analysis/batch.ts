import type { Finding } from '../../../shared/findings';
import type { Container } from '../reading/recordScanner';
import type { Features } from '../rules/datasetRule';

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
  mixClasses: Uint8Array;
  categories: Array<string | null>;
  /** 1 when the record has at least one finding. */
  flagged: Uint8Array;
  /** Each dataset rule's features for the batch, in registry order (rules/datasetRules.ts). */
  features: Features[];
}

/** The typed arrays of a result, to transfer instead of copying between threads. */
export function transferables(result: BatchResult): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    result.lines,
    result.columns,
    result.byteStarts,
    result.byteLengths,
    result.formats,
    result.endLines,
    result.endColumns,
    result.headEnds,
    result.mixClasses,
    result.flagged,
  ];
  for (const features of result.features) for (const value of Object.values(features)) if (typeof value !== 'number') arrays.push(value);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
