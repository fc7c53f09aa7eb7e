import { BANDS } from './minHash';

/**
 * Near-duplicate candidates (for rules/dataset/nearDuplicateRule.ts): a record is flagged when its text is at least `threshold` similar
 * (character-shingle Jaccard) to an earlier record, which it is linked to.
 *
 * Candidates come from LSH: per band, records are sorted by band key so records sharing a key
 * sit next to each other (a packed Float64Array sort: no per-record objects). Within a group
 * each record is paired with the group's first record and its predecessor, which bounds the
 * work for huge clusters while still linking every member to an earlier twin. Every candidate
 * is verified with exact Jaccard, earliest candidate first (analysis/nearDuplicateStage.ts).
 */
export interface NearDuplicateInput {
  count: number;
  bandKeys: Uint32Array;
  /** 1 when the record takes part (parsed, long enough, not an exact duplicate). */
  eligible: Uint8Array;
}

export interface NearDuplicate {
  index: number;
  twin: number;
  similarity: number;
}

export function nearDuplicateCandidates(input: NearDuplicateInput): Map<number, number[]> {
  const { count, bandKeys, eligible } = input;
  const indexBits = Math.max(21, Math.ceil(Math.log2(count + 1)));
  const keyShift = Math.max(0, 32 - (53 - indexBits));
  const scale = 2 ** indexBits;
  let members = 0;
  for (let i = 0; i < count; i++) members += eligible[i];
  const packed = new Float64Array(members);
  const candidates = new Map<number, number[]>();
  const addPair = (earlier: number, later: number) => {
    const list = candidates.get(later);
    if (!list) candidates.set(later, [earlier]);
    else if (!list.includes(earlier)) list.push(earlier);
  };
  for (let band = 0; band < BANDS; band++) {
    let n = 0;
    for (let i = 0; i < count; i++) {
      if (eligible[i]) packed[n++] = (bandKeys[i * BANDS + band] >>> keyShift) * scale + i;
    }
    packed.sort();
    let groupStart = 0;
    for (let p = 1; p <= n; p++) {
      const sameGroup = p < n && Math.floor(packed[p] / scale) === Math.floor(packed[groupStart] / scale);
      if (sameGroup) continue;
      if (p - groupStart > 1) {
        const first = packed[groupStart] % scale;
        for (let q = groupStart + 1; q < p; q++) {
          const index = packed[q] % scale;
          addPair(first, index);
          const previous = packed[q - 1] % scale;
          if (previous !== first) addPair(previous, index);
        }
      }
      groupStart = p;
    }
  }
  for (const list of candidates.values()) list.sort((a, b) => a - b);
  return candidates;
}
