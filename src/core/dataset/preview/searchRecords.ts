import type { ByteSource } from '../reading/byteSource';
import type { RecordIndex } from './recordIndex';

const CHUNK_ROWS = 2048;

export interface SearchProgress {
  scanned: number;
  total: number;
  hits: number;
}

/**
 * Full-text search over the raw text of every record (JSON escapes included, so `\n` in the
 * query finds newlines as written in the file), case-insensitive unless asked. Hits stream out
 * in batches; the search stops as soon as `signal` aborts.
 */
export async function searchRecords(
  reader: ByteSource,
  index: RecordIndex,
  query: string,
  options: { caseSensitive?: boolean; signal?: AbortSignal; onHits: (rows: number[], progress: SearchProgress) => void; maxHits?: number },
): Promise<{ hits: number; complete: boolean }> {
  const needle = options.caseSensitive ? query : query.toLowerCase();
  if (!needle) return { hits: 0, complete: true };
  const decoder = new TextDecoder();
  const maxHits = options.maxHits ?? 1_000_000;
  let hits = 0;
  for (let start = 0; start < index.count; start += CHUNK_ROWS) {
    options.signal?.throwIfAborted();
    const end = Math.min(index.count, start + CHUNK_ROWS);
    const first = index.record(start);
    const last = index.record(end - 1);
    const span = await reader.read(first.byteStart, last.byteEnd - first.byteStart);
    const found: number[] = [];
    for (let row = start; row < end; row++) {
      const r = index.record(row);
      let text = decoder.decode(span.subarray(r.byteStart - first.byteStart, r.byteEnd - first.byteStart));
      if (!options.caseSensitive) text = text.toLowerCase();
      if (text.includes(needle)) found.push(row);
    }
    hits += found.length;
    options.onHits(found, { scanned: end, total: index.count, hits });
    if (hits >= maxHits) return { hits, complete: false };
    await new Promise((resolve) => setImmediate(resolve)); // let cancellation and page requests through
  }
  return { hits, complete: true };
}
