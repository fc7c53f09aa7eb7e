import type { ByteSource } from '../reading/byteSource';
import { differentExamples, entryShingles, entryWords } from '../dedup/distinctExamples';
import { jaccard } from '../dedup/minHash';
import type { NearDuplicate } from '../dedup/lshCandidates';
import { nearDuplicateCandidates } from '../dedup/lshCandidates';
import type { ShingleBatch, ShingleResult } from './shingleBatch';

export interface NearDuplicateStageInput {
  source: ByteSource;
  count: number;
  bandKeys: Uint32Array;
  /** 1 when the record takes part (parsed, long enough, not an exact duplicate). */
  eligible: Uint8Array;
  byteStarts: { get(index: number): number };
  byteLengths: { get(index: number): number };
  threshold: number;
  signal?: AbortSignal;
  /** Builds shingle sets (in worker threads when there are any). */
  shingles: (batch: ShingleBatch) => Promise<ShingleResult>;
  /** Shingle hashes kept between windows, and later records per window (defaults below; tests make them tiny). */
  cacheShingles?: number;
  windowRecords?: number;
  /** Called as records are verified: how many of the records with candidates are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Later records verified per window: their shingle sets (and their candidates') are read together. */
const WINDOW_RECORDS = 4096;
/**
 * Shingle hashes kept between windows (4 bytes each): 96 MB whatever the file's size. On 200k
 * records of 90% near copies, the sets still needed at any one time peak at about 73 MB.
 */
const CACHE_SHINGLES = 24 << 20;
const SPAN_BYTES = 1 << 20;
const SPAN_GAP_BYTES = 64 << 10;
const EMPTY_SET = new Uint32Array(0);

/**
 * The near-duplicate stage: LSH candidates, then exact Jaccard verification streamed in file
 * order. Shingle sets are built for a window of later records and the candidates they need,
 * and kept only while a later record still names them (and within a fixed budget), so memory
 * stays flat when most of the file is near copies. Each record gets the earliest candidate at
 * or above the threshold, exactly as verifying all of them at once would.
 */
export async function nearDuplicateStage(input: NearDuplicateStageInput): Promise<NearDuplicate[]> {
  const candidates = nearDuplicateCandidates({ count: input.count, bandKeys: input.bandKeys, eligible: input.eligible });
  const later = Int32Array.from(candidates.keys()).sort();
  // The last later record that needs each record's set: past it, the set is dropped.
  const lastUse = new Int32Array(input.count).fill(-1);
  for (const index of later) {
    lastUse[index] = index;
    for (const earlier of candidates.get(index)!) if (lastUse[earlier] < index) lastUse[earlier] = index;
  }
  const sets = new ShingleCache(input.cacheShingles ?? CACHE_SHINGLES);
  const window = input.windowRecords ?? WINDOW_RECORDS;
  const reader = new ShingleReader(input);
  const found: NearDuplicate[] = [];
  for (let from = 0; from < later.length; from += window) {
    input.signal?.throwIfAborted();
    const to = Math.min(later.length, from + window);
    const missing = new Set<number>();
    for (let k = from; k < to; k++) {
      const index = later[k];
      if (!sets.has(index)) missing.add(index);
      for (const earlier of candidates.get(index)!) if (!sets.has(earlier)) missing.add(earlier);
    }
    // A window's sets are all kept until the window is verified, even beyond the budget.
    for (const [index, set] of await reader.read([...missing].sort((a, b) => a - b))) sets.put(index, set);
    for (let k = from; k < to; k++) {
      const index = later[k];
      const own = sets.get(index) ?? EMPTY_SET;
      const ownShingles = entryShingles(own);
      const ownWords = entryWords(own);
      for (const earlier of candidates.get(index)!) {
        const other = sets.get(earlier) ?? EMPTY_SET;
        // A different question with a different answer is another example, however alike the template.
        if (differentExamples(entryWords(other), ownWords)) continue;
        const similarity = jaccard(entryShingles(other), ownShingles);
        if (similarity >= input.threshold) {
          found.push({ index, twin: earlier, similarity });
          break;
        }
      }
      candidates.delete(index);
    }
    sets.dropUnused(lastUse, later[to - 1]);
    input.onProgress?.(to, later.length);
  }
  return found;
}

/**
 * Shingle sets by record, in insertion order (a hit moves a set to the back). Sets no later
 * record needs are dropped after each window; beyond the budget the least recently used go,
 * to be read again if a later record names them (a cost in time, never in results).
 */
class ShingleCache {
  private readonly sets = new Map<number, Uint32Array>();
  private size = 0;

  constructor(private readonly budget: number) {}

  has(index: number): boolean {
    return this.sets.has(index);
  }

  get(index: number): Uint32Array | undefined {
    const set = this.sets.get(index);
    if (set) {
      this.sets.delete(index);
      this.sets.set(index, set);
    }
    return set;
  }

  put(index: number, set: Uint32Array): void {
    this.sets.set(index, set);
    this.size += set.length;
  }

  dropUnused(lastUse: Int32Array, verifiedUpTo: number): void {
    for (const [index, set] of this.sets) {
      if (lastUse[index] <= verifiedUpTo) {
        this.sets.delete(index);
        this.size -= set.length;
      }
    }
    for (const [index, set] of this.sets) {
      if (this.size <= this.budget) break;
      this.sets.delete(index);
      this.size -= set.length;
    }
  }
}

/**
 * Reads records back from the source in file order (reads coalesced into spans of up to 1 MB)
 * and has their shingle sets built in batches, all batches of a window at once, so every
 * worker thread takes a share.
 */
class ShingleReader {
  constructor(private readonly input: NearDuplicateStageInput) {}

  async read(order: number[]): Promise<Array<[number, Uint32Array]>> {
    const { byteStarts, byteLengths } = this.input;
    const batches: Array<Promise<Array<[number, Uint32Array]>>> = [];
    let batch = new BatchBuilder();
    for (let from = 0; from < order.length;) {
      let to = from + 1;
      const spanStart = byteStarts.get(order[from]);
      let spanEnd = spanStart + byteLengths.get(order[from]);
      while (to < order.length) {
        const start = byteStarts.get(order[to]);
        const end = start + byteLengths.get(order[to]);
        if (start - spanEnd > SPAN_GAP_BYTES || end - spanStart > SPAN_BYTES) break;
        spanEnd = end;
        to++;
      }
      const span = await this.input.source.read(spanStart, spanEnd - spanStart);
      for (let k = from; k < to; k++) {
        const start = byteStarts.get(order[k]) - spanStart;
        batch.add(order[k], span.subarray(start, start + byteLengths.get(order[k])));
        if (batch.full) {
          batches.push(this.build(batch));
          batch = new BatchBuilder();
        }
      }
      from = to;
    }
    if (batch.records.length > 0) batches.push(this.build(batch));
    return (await Promise.all(batches)).flat();
  }

  private async build(batch: BatchBuilder): Promise<Array<[number, Uint32Array]>> {
    const { offsets, shingles } = await this.input.shingles({
      kind: 'shingles',
      sequence: this.sequence++,
      bytes: batch.bytes(),
      ends: Uint32Array.from(batch.ends),
    });
    // copied out, so a set kept in the cache does not keep its whole batch alive
    return batch.records.map((index, k) => [index, shingles.slice(offsets[k], offsets[k + 1])]);
  }

  private sequence = 0;
}

const BATCH_RECORDS = 512;
const BATCH_BYTES = 512 << 10;

/** Records' bytes gathered back to back for one shingle batch. */
class BatchBuilder {
  readonly records: number[] = [];
  readonly ends: number[] = [];
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  get full(): boolean {
    return this.records.length >= BATCH_RECORDS || this.length >= BATCH_BYTES;
  }

  add(index: number, bytes: Uint8Array): void {
    this.records.push(index);
    this.parts.push(bytes);
    this.length += bytes.length;
    this.ends.push(this.length);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
