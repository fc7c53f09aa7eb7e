import { GrowableArray } from '../../util/growableArray';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { Container, StructureProblem } from '../reading/recordScanner';

export interface IndexProgress {
  bytesScanned: number;
  totalBytes: number;
  records: number;
}

export interface IndexedRecord {
  byteStart: number;
  byteEnd: number;
  line: number;
  column: number;
}

/**
 * Row → byte range of every record of a dataset file (JSON Lines or a JSON array), built
 * in one streaming pass by the same scanner the engine uses. Records are usable while the
 * index is still being built, so the first page shows before a 1 GB file is indexed. About
 * 20 bytes a record: two million records cost 40 MB.
 */
export class RecordIndex {
  private readonly starts = new GrowableArray((n) => new Float64Array(n));
  private readonly lengths = new GrowableArray((n) => new Uint32Array(n));
  private readonly lines = new GrowableArray((n) => new Int32Array(n));
  private readonly columns = new GrowableArray((n) => new Int32Array(n));
  private finished = false;
  container: Container | undefined;
  readonly structure: StructureProblem[] = [];

  get count(): number {
    return this.starts.length;
  }

  get done(): boolean {
    return this.finished;
  }

  record(row: number): IndexedRecord {
    if (row < 0 || row >= this.count) throw new RangeError(`row ${row} outside 0..${this.count - 1}`);
    const byteStart = this.starts.get(row);
    return { byteStart, byteEnd: byteStart + this.lengths.get(row), line: this.lines.get(row), column: this.columns.get(row) };
  }

  /** The last row whose record starts on or before `line` (0-based), or -1. */
  rowAtLine(line: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lines.get(mid) <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Scans `source` into this index; rows become visible as chunks are scanned. */
  async build(source: ByteSource, options: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void } = {}): Promise<void> {
    const total = await source.size();
    const scanner = new RecordScanner({
      container: (c) => (this.container = c),
      structure: (p) => this.structure.push(p),
      record: (r) => {
        this.starts.push(r.byteStart);
        this.lengths.push(r.byteEnd - r.byteStart);
        this.lines.push(r.line);
        this.columns.push(r.column);
      },
    });
    let scanned = 0;
    for await (const chunk of source.chunks(options.signal)) {
      scanner.push(chunk);
      scanned += chunk.length;
      options.onProgress?.({ bytesScanned: scanned, totalBytes: total, records: this.count });
    }
    scanner.finish();
    this.finished = true;
    options.onProgress?.({ bytesScanned: total, totalBytes: total, records: this.count });
  }
}
