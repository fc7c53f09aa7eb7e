import { isCjk } from '../../text/characters';
import { combine32, mix32 } from '../../text/hashing';

/**
 * Near-duplicate candidates by MinHash over character shingles, with locality-sensitive
 * hashing. One-permutation hashing (OPH): each shingle is hashed once and lands in one of
 * 128 bins by its top bits, keeping the minimum of its low bits per bin; empty bins borrow
 * from the next filled bin ("rotation" densification). That costs one hash per shingle
 * instead of 128, with the same estimator. The 128 bins form 16 bands of 8; two records
 * whose signatures agree on any whole band become a candidate pair (probability of being
 * paired at Jaccard s: 1 − (1 − s⁸)¹⁶ — 0.99 at 0.85, 0.06 at 0.5). Candidates are then
 * verified by exact Jaccard, so false candidates cost time, never precision.
 */
/**
 * Shingles are about one word long whatever the script: 5 UTF-16 units from an alphabetic
 * position, 2 from a CJK one (a Chinese word is 1–2 characters; 5-character shingles would
 * make a one-word edit in a short Chinese answer look like a different text).
 */
export const SHINGLE_SIZE = 5;
export const CJK_SHINGLE_SIZE = 2;
export const BINS = 128;
export const BANDS = 16;
export const ROWS_PER_BAND = BINS / BANDS;
const BIN_SHIFT = 25; // 32 − log2(BINS)
const VALUE_MASK = (1 << BIN_SHIFT) - 1;
const EMPTY = 0xffffffff;

/** 32-bit hash of `size` UTF-16 units of `text` from `i`. */
function shingleHash(text: string, i: number, size: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < size; k++) h = Math.imul(h ^ text.charCodeAt(i + k), 0x01000193);
  return mix32(h);
}

/** Hashes of every shingle of `text` (a text shorter than a shingle is one shingle). */
export function forEachShingle(text: string, visit: (hash: number) => void): number {
  const n = text.length;
  if (n === 0) return 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const size = isCjk(text.charCodeAt(i)) ? CJK_SHINGLE_SIZE : SHINGLE_SIZE;
    if (i + size > n) {
      if (count === 0) {
        visit(shingleHash(text, 0, n));
        count++;
      }
      continue;
    }
    visit(shingleHash(text, i, size));
    count++;
  }
  return count;
}

/** The set of shingle hashes, sorted and unique: what exact Jaccard is computed on. */
export function shingleSet(text: string): Uint32Array {
  const all = new Uint32Array(Math.max(1, text.length));
  let n = 0;
  forEachShingle(text, (h) => {
    all[n++] = h;
  });
  all.sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || all[i] !== all[i - 1]) all[unique++] = all[i];
  return all.slice(0, unique);
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

const signature = new Uint32Array(BINS);

/** The 16 LSH band keys of `text`, written to `out` at `offset`. Returns false for empty text. */
export function bandKeys(text: string, out: Uint32Array, offset: number): boolean {
  signature.fill(EMPTY);
  const count = forEachShingle(text, (h) => {
    const bin = h >>> BIN_SHIFT;
    const value = h & VALUE_MASK;
    if (value < signature[bin]) signature[bin] = value;
  });
  if (count === 0) return false;
  densify(signature);
  for (let band = 0; band < BANDS; band++) out[offset + band] = combine32(signature, band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND, band + 1);
  return true;
}

/** Fills each empty bin from the nearest filled bin to its right (circularly), tagged with the distance. */
function densify(sig: Uint32Array): void {
  let first = -1;
  for (let bin = 0; bin < BINS && first < 0; bin++) if (sig[bin] !== EMPTY) first = bin;
  if (first < 0) return;
  let next = first + BINS; // wraps around to the first filled bin
  for (let bin = BINS - 1; bin >= 0; bin--) {
    if (sig[bin] !== EMPTY && sig[bin] <= VALUE_MASK) {
      next = bin;
      continue;
    }
    sig[bin] = (sig[next % BINS] + (next - bin) * (VALUE_MASK + 1)) >>> 0;
  }
}
