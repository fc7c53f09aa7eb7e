import type { AnalysisProgress } from './analysisProgress';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { BatchResult, RecordBatch } from './batch';
import type { DatasetState } from './datasetState';
import type { BatchRunner } from './workerPool';

/*
 * The batch pipeline: reads the file, cuts it into batches of records, has the batches
 * analysed (worker threads, at most IN_FLIGHT_PER_THREAD each) and hands the results to the
 * dataset state in file order. Nothing here knows about rules.
 */
const BATCH_BYTES = 1 << 20;
const BATCH_RECORDS = 4096;
const IN_FLIGHT_PER_THREAD = 3;
const BINARY_SNIFF_BYTES = 8192;
const LINE_WINDOW_BYTES = 4 << 20;

export interface PipelineOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
}

/**
 * Streams the source to the runner. JSON Lines go out as chunks cut at a newline, which the
 * workers split themselves (the main thread only counts newlines, natively); JSON arrays are
 * split here by the scanner's state machine and sent as records. Results are taken in file
 * order. Returns true when the file is binary.
 */
export async function readAsDataset(
  source: ByteSource,
  runner: BatchRunner,
  state: DatasetState,
  totalBytes: number,
  threads: number,
  options: PipelineOptions,
): Promise<boolean> {
  let sequence = 0;
  let batch = newBatchBuilder();
  const queue: RecordBatch[] = [];
  const ready = new Map<number, BatchResult>();
  let nextToAbsorb = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const scanner = new RecordScanner({
    structure: (p) => state.structure.push(p),
    record: (r, bytes) => {
      batch.add(r.byteStart, r.line, r.column, bytes);
      if (batch.bytes >= BATCH_BYTES || batch.count >= BATCH_RECORDS) {
        queue.push(batch.build(sequence++));
        batch = newBatchBuilder();
      }
    },
  });

  const dispatch = async (limit: number) => {
    while (queue.length > 0) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
      if (failure) throw asError(failure);
      const next = queue.shift()!;
      const job: Promise<void> = runner.run(next).then(
        (result) => {
          ready.set(result.sequence, result);
          for (let r = ready.get(nextToAbsorb); r; r = ready.get(nextToAbsorb)) {
            ready.delete(nextToAbsorb);
            state.absorb(r);
            nextToAbsorb++;
          }
        },
        (error: unknown) => {
          failure = error;
        },
      );
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  };

  // Which container: the first non-blank byte (after a BOM) decides.
  const head = await source.read(0, Math.min(totalBytes, BINARY_SNIFF_BYTES));
  if (head.includes(0)) {
    state.binaryKind = isUtf16(head) ? 'utf-16' : 'binary';
    return true;
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const firstByte = head.subarray(bom).find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (firstByte === undefined && totalBytes <= head.length) return false; // empty or blank: no records
  state.container = firstByte === 0x5b ? 'array' : 'lines';

  if (state.container === 'array') {
    let offset = 0;
    for await (const chunk of source.chunks(options.signal)) {
      offset += chunk.length;
      scanner.push(chunk);
      await dispatch(threads * IN_FLIGHT_PER_THREAD);
      options.onProgress?.({ stage: 'reading', done: offset, total: totalBytes, bytes: offset, totalBytes, records: state.records });
    }
    scanner.finish();
    if (batch.count > 0) queue.push(batch.build(sequence++));
  } else {
    // JSON Lines: windows that end at a newline; the next window starts at the next line, so no
    // bytes are copied to join a line cut by a window (its few bytes are simply read again).
    let offset = bom;
    let line = 0;
    let window = LINE_WINDOW_BYTES;
    while (offset < totalBytes) {
      options.signal?.throwIfAborted();
      const bytes = await source.read(offset, Math.min(window, totalBytes - offset));
      if (bytes.length === 0) break;
      const atEnd = offset + bytes.length >= totalBytes;
      const lastNewline = atEnd ? bytes.length - 1 : bytes.lastIndexOf(0x0a);
      if (lastNewline < 0) {
        window *= 2; // one line longer than the window: read more at once
        continue;
      }
      const piece = bytes.subarray(0, lastNewline + 1);
      let lines = 0;
      for (let i = piece.indexOf(0x0a); i >= 0; i = piece.indexOf(0x0a, i + 1)) lines++;
      queue.push({ kind: 'lines', sequence: sequence++, bytes: source.ownsChunks ? piece : piece.slice(), byteOffset: offset, firstLine: line });
      line += lines;
      offset += piece.length;
      window = LINE_WINDOW_BYTES;
      await dispatch(threads * IN_FLIGHT_PER_THREAD);
      options.onProgress?.({ stage: 'reading', done: offset, total: totalBytes, bytes: offset, totalBytes, records: state.records });
    }
  }
  await dispatch(threads * IN_FLIGHT_PER_THREAD);
  await Promise.all(inFlight);
  if (failure) throw asError(failure);
  return false;
}

interface BatchBuilder {
  readonly count: number;
  readonly bytes: number;
  add(byteStart: number, line: number, column: number, bytes: Uint8Array): void;
  build(sequence: number): RecordBatch;
}

/** Collects split records' bytes back to back into one buffer that is transferred, not copied, to a worker. */
function newBatchBuilder(): BatchBuilder {
  let buffer = new Uint8Array(BATCH_BYTES + 64 * 1024);
  let used = 0;
  let count = 0;
  let capacity = 1024;
  let ends = new Uint32Array(capacity);
  let starts = new Float64Array(capacity);
  let lines = new Int32Array(capacity);
  let columns = new Int32Array(capacity);
  const grow = () => {
    capacity *= 2;
    const resize = <T extends Uint32Array | Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    ends = resize(ends, (n) => new Uint32Array(n));
    starts = resize(starts, (n) => new Float64Array(n));
    lines = resize(lines, (n) => new Int32Array(n));
    columns = resize(columns, (n) => new Int32Array(n));
  };
  return {
    get count() {
      return count;
    },
    get bytes() {
      return used;
    },
    add(byteStart, line, column, bytes) {
      if (used + bytes.length > buffer.length) {
        const bigger = new Uint8Array(Math.max(buffer.length * 2, used + bytes.length));
        bigger.set(buffer.subarray(0, used));
        buffer = bigger;
      }
      if (count === capacity) grow();
      buffer.set(bytes, used);
      used += bytes.length;
      ends[count] = used;
      starts[count] = byteStart;
      lines[count] = line;
      columns[count] = column;
      count++;
    },
    build(sequence) {
      const recordEnds = ends.slice(0, count);
      const recordStarts = new Uint32Array(count);
      for (let k = 1; k < count; k++) recordStarts[k] = recordEnds[k - 1];
      return {
        kind: 'records',
        sequence,
        container: 'array',
        bytes: buffer.slice(0, used),
        starts: recordStarts,
        ends: recordEnds,
        byteStarts: starts.slice(0, count),
        lines: lines.slice(0, count),
        columns: columns.slice(0, count),
      };
    },
  };
}

/** UTF-16 text: a byte-order mark, or NULs in every other byte of mostly ASCII text. */
function isUtf16(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  const pairs = Math.min(256, head.length >> 1);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  return pairs >= 4 && Math.max(evenNul, oddNul) >= pairs * 0.7 && Math.min(evenNul, oddNul) <= pairs * 0.05;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
