import { isCjk, isWhitespace } from '../../text/characters';
import { mix32 } from '../../text/hashing';
import type { DatasetRecord, Turn } from '../formats/recordModel';
import { bandKeysFromShingles, CJK_SHINGLE_SIZE, SHINGLE_SIZE } from './minHash';

/**
 * What duplicate detection needs from a record, computed in one pass over its texts without
 * building strings (this runs for every record, so it is on the hot path):
 *
 * - an exact-content key: every text with its role, preference sides and KTO label, white
 *   space collapsed, hashed into a 53-bit key plus an independent 32-bit check;
 * - the comparable text for near duplicates: all texts run together, lower-cased, white space
 *   collapsed, kept in a reused UTF-16 buffer, from which shingles are hashed with rolling
 *   hashes (5 units from an alphabetic position, 2 from a CJK one).
 *
 * Band keys (in the workers) and exact Jaccard verification (in the main thread) both shingle
 * through this class, so they always agree on what a shingle is.
 */
export class ContentDigester {
  private buffer = new Uint16Array(8192);
  private shingles = new Uint32Array(8192);
  private scratch = new Uint32Array(8192);
  private length = 0;
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;

  /** Digests `record`; returns its exact key and check, and keeps its comparable text for shingling. */
  digest(record: DatasetRecord): { key: number; check: number } {
    this.length = 0;
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    this.h3 = 0x811c9dc5;
    if (record.system) this.field(0x73, record.system.text); // 's'
    if (record.tools) this.field(0x74, record.tools.text, false); // 't': part of the content, not of the comparable text
    this.turns(0, record.turns);
    this.turns(0x63, record.chosen); // 'c'
    this.turns(0x72, record.rejected); // 'r'
    if (record.label !== undefined) this.mark(record.label ? 0x4c : 0x6c);
    if (record.document) this.field(0x64, record.document.text); // 'd'
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return { key: 4294967296 * (2097151 & h2) + (h1 >>> 0), check: mix32(this.h3) };
  }

  /** The comparable text of the last digested record (for tests and the benchmark; the engine never builds it). */
  comparableText(): string {
    let out = '';
    for (let i = 0; i < this.length; i += 4096) out += String.fromCharCode(...this.buffer.subarray(i, Math.min(this.length, i + 4096)));
    return out;
  }

  /** Uses `text` (already lower-cased and collapsed) as the comparable text, for the benchmark's shingling. */
  loadComparableText(text: string): void {
    if (text.length > this.buffer.length) this.grow(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[i] = text.charCodeAt(i);
    this.length = text.length;
  }

  /** Length of the comparable text of the last digested record. */
  get comparableLength(): number {
    return this.length;
  }

  /** The 16 LSH band keys of the last digested record's comparable text. */
  bandKeys(out: Uint32Array, offset: number): boolean {
    const count = this.shingle();
    return bandKeysFromShingles(this.shingles, count, out, offset);
  }

  /** Sorted, unique shingle hashes of the last digested record: what exact Jaccard compares. */
  shingleSet(): Uint32Array {
    const count = this.shingle();
    if (this.scratch.length < count) this.scratch = new Uint32Array(Math.max(count, this.scratch.length * 2));
    const sorted = radixSort(this.shingles, this.scratch, count);
    let unique = 0;
    for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
    return sorted.slice(0, unique);
  }

  /**
   * Writes the hash of every shingle of the comparable text into `this.shingles` and returns
   * how many there are. Rolling polynomial hashes of the windows [i, i+5) and [i, i+2) are
   * updated in O(1) a step; a text shorter than any shingle is one shingle.
   */
  private shingle(): number {
    const b = this.buffer;
    const n = this.length;
    if (n === 0) return 0;
    if (this.shingles.length < n + 1) this.shingles = new Uint32Array(Math.max(n + 1, this.shingles.length * 2));
    const out = this.shingles;
    const P = 0x01000193;
    const P4 = Math.imul(Math.imul(P, P), Math.imul(P, P));
    let h5 = 0;
    let h2 = 0;
    for (let k = 0; k < Math.min(SHINGLE_SIZE, n); k++) h5 = (Math.imul(h5, P) + b[k]) | 0;
    for (let k = 0; k < Math.min(CJK_SHINGLE_SIZE, n); k++) h2 = (Math.imul(h2, P) + b[k]) | 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const c = b[i];
      if (c >= 0x3040 && isCjk(c)) {
        if (i + CJK_SHINGLE_SIZE <= n) out[count++] = mix32(h2 ^ CJK_SEED);
      } else if (i + SHINGLE_SIZE <= n) {
        out[count++] = mix32(h5 ^ ALPHABETIC_SEED);
      }
      if (i + SHINGLE_SIZE < n) h5 = (Math.imul(h5 - Math.imul(c, P4), P) + b[i + SHINGLE_SIZE]) | 0;
      if (i + CJK_SHINGLE_SIZE < n) h2 = (Math.imul(h2 - Math.imul(c, P), P) + b[i + CJK_SHINGLE_SIZE]) | 0;
    }
    if (count === 0) out[count++] = mix32(h5 ^ 0x5bd1e995);
    return count;
  }

  private turns(tag: number, turns: readonly Turn[] | undefined): void {
    if (!turns) return;
    for (const t of turns) this.field(tag * 8 + ROLE_CODES[t.role], t.text);
  }

  private mark(code: number): void {
    this.h1 = Math.imul(this.h1 ^ code, 2654435761);
    this.h2 = Math.imul(this.h2 ^ code, 1597334677);
    this.h3 = Math.imul(this.h3 ^ code, 0x01000193);
  }

  /** Hashes a field's text with white space collapsed, and appends it to the comparable text. */
  private field(tag: number, text: string, comparable = true): void {
    this.mark(0xfffe);
    this.mark(tag);
    if (comparable && this.length + text.length + 1 > this.buffer.length) this.grow(this.length + text.length + 1);
    const buffer = this.buffer;
    let length = this.length;
    if (comparable && length > 0) buffer[length++] = 0x20;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    let pendingSpace = false;
    let started = false;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        pendingSpace = started;
        continue;
      }
      if (pendingSpace) {
        h1 = Math.imul(h1 ^ 0x20, 2654435761);
        h2 = Math.imul(h2 ^ 0x20, 1597334677);
        h3 = Math.imul(h3 ^ 0x20, 0x01000193);
        if (comparable) buffer[length++] = 0x20;
        pendingSpace = false;
      }
      started = true;
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
      h3 = Math.imul(h3 ^ c, 0x01000193);
      if (comparable) {
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        else if (c >= 0xc0 && c <= 0xde && c !== 0xd7) c += 0x20;
        else if ((c >= 0x391 && c <= 0x3a9) || (c >= 0x410 && c <= 0x42f)) c += 0x20;
        buffer[length++] = c;
      }
    }
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.length = length;
  }

  private grow(needed: number): void {
    let size = this.buffer.length;
    while (size < needed) size *= 2;
    const bigger = new Uint16Array(size);
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }
}

const DIGIT_COUNTS = new Int32Array(256);

/**
 * Sorts `keys[0, count)` ascending with four 8-bit counting passes (keys end up back in
 * `keys`; `scratch` is as long). Exact Jaccard verification sorts the shingles of every record
 * in a candidate pair, which on duplicate-heavy data is most of the file: a comparison sort
 * was the stage's largest cost, this is several times faster and gives the same order.
 */
function radixSort(keys: Uint32Array, scratch: Uint32Array, count: number): Uint32Array {
  let from = keys;
  let to = scratch;
  for (let shift = 0; shift < 32; shift += 8) {
    DIGIT_COUNTS.fill(0);
    for (let i = 0; i < count; i++) DIGIT_COUNTS[(from[i] >>> shift) & 0xff]++;
    let total = 0;
    for (let d = 0; d < 256; d++) {
      const c = DIGIT_COUNTS[d];
      DIGIT_COUNTS[d] = total;
      total += c;
    }
    for (let i = 0; i < count; i++) {
      const key = from[i];
      to[DIGIT_COUNTS[(key >>> shift) & 0xff]++] = key;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}

const ALPHABETIC_SEED = Math.imul(SHINGLE_SIZE, 0x9e3779b9);
const CJK_SEED = Math.imul(CJK_SHINGLE_SIZE, 0x9e3779b9);
const ROLE_CODES: Record<Turn['role'], number> = { system: 1, user: 2, assistant: 3, tool_call: 4, tool_result: 5 };
