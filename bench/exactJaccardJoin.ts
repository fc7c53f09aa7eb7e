/**
 * Exact all-pairs Jaccard similarity join, the ground truth for near-duplicate precision and
 * recall. Brute force over 20k records is 200 million set intersections; prefix filtering
 * gives the same answer much faster and provably misses nothing: order tokens rarest first;
 * if J(x, y) ≥ t then the first |x| − ⌈t·|x|⌉ + 1 tokens of x and of y share a token. Every
 * pair sharing a prefix token (and passing the size filter t·|x| ≤ |y| ≤ |x|/t) is verified
 * exactly.
 *
 * Returns the records (indices) that are at least `t` similar to some earlier record.
 */
import { jaccard } from '../src/core/dataset/dedup/minHash';

export function exactSimilarRecords(sets: readonly Uint32Array[], t: number): Set<number> {
  const frequency = new Map<number, number>();
  for (const set of sets) for (const token of set) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  // Re-express every set by token rank (rarest first), sorted.
  const ranked = [...frequency.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const rank = new Map<number, number>();
  ranked.forEach(([token], i) => rank.set(token, i));
  const ordered = sets.map((set) => Uint32Array.from(set, (token) => rank.get(token) ?? 0).sort());
  const index = new Map<number, number[]>();
  const similar = new Set<number>();
  for (let j = 0; j < ordered.length; j++) {
    const y = ordered[j];
    const prefix = y.length - Math.ceil(t * y.length) + 1;
    const seen = new Set<number>();
    for (let p = 0; p < prefix && p < y.length; p++) {
      for (const i of index.get(y[p]) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const x = ordered[i];
        if (x.length < t * y.length || y.length < t * x.length) continue;
        if (!similar.has(j) && jaccard(x, y) >= t) similar.add(j);
      }
      let list = index.get(y[p]);
      if (!list) index.set(y[p], (list = []));
      list.push(j);
    }
  }
  return similar;
}
