import { combine32, mix32 } from '../../text/hashing';

/**
 * Near-duplicate candidates by MinHash over character shingles, with locality-sensitive
 * hashing. One-permutation hashing (OPH): each shingle is hashed once and lands in one of
 * 128 bins by its top bits, keeping the minimum of its low bits per bin; empty bins borrow
 * from the next filled bin ("rotation" densification). That costs one hash per shingle
 * instead of 128, with the same estimator. Empty bins (a 125-shingle text leaves ~48 of 128
 * empty) borrow from a donor bin picked by a fixed pseudo-random sequence ("optimal
 * densification", Shrivastava 2017). Borrowing from the next bin instead copies one value
 * into runs of neighbours, which LSH bands group together: on Chinese text with common
 * bigrams that made 7× more false candidate pairs. The 128 bins form 16 bands of 8; two records
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

/** The 16 LSH band keys of a text from its shingle hashes `shingles[0, count)`, written to `out` at `offset`. */
export function bandKeysFromShingles(shingles: Uint32Array, count: number, out: Uint32Array, offset: number): boolean {
  if (count === 0) return false;
  signature.fill(EMPTY);
  for (let i = 0; i < count; i++) {
    const h = shingles[i];
    const bin = h >>> BIN_SHIFT;
    const value = h & VALUE_MASK;
    if (value < signature[bin]) signature[bin] = value;
  }
  densify(signature);
  for (let band = 0; band < BANDS; band++) out[offset + band] = combine32(signature, band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND, band + 1);
  return true;
}

/**
 * Fills each empty bin from a donor: the first filled bin in a pseudo-random sequence that
 * depends only on the empty bin's index, so two texts with the same bin empty consult the
 * same donors. Borrowed values get the top bit set, so they never equal a real value.
 */
function densify(sig: Uint32Array): void {
  let filled = 0;
  for (let bin = 0; bin < BINS; bin++) if (sig[bin] !== EMPTY) filled++;
  if (filled === 0 || filled === BINS) return;
  for (let bin = 0; bin < BINS; bin++) {
    if (sig[bin] !== EMPTY && sig[bin] <= VALUE_MASK) continue;
    for (let attempt = 1; ; attempt++) {
      const donor = mix32(Math.imul(bin, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) & (BINS - 1);
      const value = sig[donor];
      if (value <= VALUE_MASK) {
        sig[bin] = (mix32(value ^ (bin << BIN_SHIFT) ^ attempt) | 0x80000000) >>> 0;
        break;
      }
    }
  }
}
