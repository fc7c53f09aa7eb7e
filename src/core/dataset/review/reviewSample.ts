import { createHash } from 'node:crypto';

/** The spot-check share of the fine-tuning practice: 30% of the filtered candidates. */
export const DEFAULT_SAMPLE_SHARE = 0.3;

/** How many records a share of `records` is: rounded, and at least one of a non-empty file. */
export function sampleSize(records: number, share: number): number {
  if (records <= 0 || share <= 0) return 0;
  return Math.min(records, Math.max(1, Math.round(records * Math.min(share, 1))));
}

/**
 * The record's draw key: the first 13 hex digits (52 bits) of SHA-256 of "seed:hash", as a number.
 * It depends only on the seed and the record's content, never on its position.
 */
export function drawKey(seed: number, hash: string): number {
  return parseInt(createHash('sha256').update(`${seed}:${hash}`).digest('hex').slice(0, 13), 16);
}

/**
 * A reproducible sample of a dataset for review, as 0-based record indices in file order.
 *
 * Every record gets a draw key from the seed and its content hash (see drawKey); the sample is
 * the `sampleSize(records, share)` records with the smallest keys (ties: the earlier record).
 * So the same seed and the same records give the same sample, exactly the share is drawn
 * (not about it, as a coin per record would), and reordering the file, or adding and removing
 * other records, leaves a record's chance and its rank among the others unchanged.
 */
export function drawSample(hashes: readonly string[], share: number, seed: number): number[] {
  const size = sampleSize(hashes.length, share);
  const keyed = hashes.map((hash, index) => ({ index, key: drawKey(seed, hash) }));
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  return keyed
    .slice(0, size)
    .map((k) => k.index)
    .sort((a, b) => a - b);
}

/** A fresh seed: a whole number that JSON keeps exactly. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31);
}
