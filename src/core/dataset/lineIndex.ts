import type { RandomAccessReader } from './randomAccessReader';

export interface IndexProgress {
  bytesScanned: number;
  totalBytes: number;
  rows: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Row → byte-offset index of the non-blank lines of a JSON Lines file, built in one
 * streaming pass. Offsets live in a growable Float64Array (8 bytes a row: a 1 GB file of
 * 1 KB records costs 8 MB), so any row is one seek away.
 */
export class LineIndex {
  private starts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  private count = 0;

  private constructor(readonly fileSize: number) {}

  get rowCount(): number {
    return this.count;
  }

  /** Byte range [start, end) of row `row` (0-based), without the line break. */
  rowRange(row: number): { start: number; end: number } {
    if (row < 0 || row >= this.count) throw new RangeError(`row ${row} outside 0..${this.count - 1}`);
    return { start: this.starts[row], end: this.ends[row] };
  }

  static async build(
    reader: RandomAccessReader,
    options: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void } = {},
  ): Promise<LineIndex> {
    const size = await reader.size();
    const index = new LineIndex(size);
    const buffer = new Uint8Array(CHUNK_BYTES);
    let lineStart = 0;
    let lineHasContent = false;
    let previous = -1;
    let offset = 0;
    while (offset < size) {
      options.signal?.throwIfAborted();
      const n = await reader.read(offset, buffer);
      if (n === 0) break;
      let i = 0;
      if (offset === 0 && n >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
        i = lineStart = 3; // a UTF-8 BOM is not part of the first record
      }
      for (; i < n; i++) {
        const byte = buffer[i];
        if (byte === 0x0a) {
          const end = offset + i - (previous === 0x0d ? 1 : 0);
          if (lineHasContent) index.push(lineStart, end);
          lineStart = offset + i + 1;
          lineHasContent = false;
        } else if (!lineHasContent && byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
          lineHasContent = true;
        }
        previous = byte;
      }
      offset += n;
      options.onProgress?.({ bytesScanned: offset, totalBytes: size, rows: index.count });
    }
    if (lineHasContent) index.push(lineStart, previous === 0x0d ? size - 1 : size);
    return index;
  }

  private push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}
