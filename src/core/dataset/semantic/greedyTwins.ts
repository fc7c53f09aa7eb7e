import type { IndexOptions, VectorIndex } from './vectorIndex';
import { createVectorIndex } from './vectorIndex';

/** The earlier item a candidate is too similar to. */
export interface Twin {
  /** 'against': a record of the reference set; 'candidates': an earlier candidate. */
  from: 'against' | 'candidates';
  /** 0-based index in its set. */
  index: number;
  similarity: number;
}

export interface GreedyOptions extends IndexOptions {
  threshold: number;
  /**
   * 'admit' (the diversity filter): a rejected candidate is not added, so a later candidate is
   * compared only with what was admitted. 'all' (duplicate findings): every earlier record counts.
   */
  mode: 'admit' | 'all';
  /** The order candidates are considered in (default: file order); e.g. best score first. */
  order?: readonly number[];
  /** Neighbours looked at per query; more is closer to exact search (default 4). */
  k?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface GreedyResult {
  /** Per candidate: its twin, or undefined when it was admitted (or had no vector). */
  twins: Array<Twin | undefined>;
  admitted: number;
  rejected: number;
  /** Candidates without a vector (unparsable or without text): admitted, never compared. */
  unembedded: number;
  indexKind: VectorIndex['kind'];
}

/**
 * Greedy admission, as the fine-tuning rules describe it: candidates in order; one is admitted
 * only when its cosine similarity to every admitted item (and every reference record) is below
 * the threshold. Vectors are unit length, so cosine similarity is their dot product.
 */
export function greedyTwins(candidates: ReadonlyArray<Float32Array | undefined>, against: readonly Float32Array[], options: GreedyOptions): GreedyResult {
  const dims = against[0]?.length ?? candidates.find((v) => v && v.length > 0)?.length ?? 0;
  const index = createVectorIndex(Math.max(dims, 1), options);
  const k = options.k ?? 4;
  const twins = new Array<Twin | undefined>(candidates.length).fill(undefined);
  let admitted = 0;
  let unembedded = 0;
  try {
    if (against.length > 0) {
      const matrix = new Float32Array(against.length * dims);
      against.forEach((v, i) => matrix.set(v, i * dims));
      index.addMany(
        against.map((_, i) => i),
        matrix,
      );
    }
    const order = options.order ?? candidates.map((_, i) => i);
    const base = against.length;
    order.forEach((i, done) => {
      if (options.signal?.aborted) throw new Error('cancelled');
      const vector = candidates[i];
      if (!vector || vector.length !== dims || isZero(vector)) {
        unembedded++;
        admitted++;
        return;
      }
      const best = index.nearest(vector, k).find((n) => n.similarity >= options.threshold);
      if (best) {
        twins[i] =
          best.key < base
            ? { from: 'against', index: best.key, similarity: best.similarity }
            : { from: 'candidates', index: best.key - base, similarity: best.similarity };
        if (options.mode === 'all') index.add(base + i, vector);
      } else {
        admitted++;
        index.add(base + i, vector);
      }
      if (done % 1024 === 0) options.onProgress?.(done, order.length);
    });
    options.onProgress?.(order.length, order.length);
    return { twins, admitted, rejected: candidates.length - admitted, unembedded, indexKind: index.kind };
  } finally {
    index.dispose();
  }
}

function isZero(vector: Float32Array): boolean {
  for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) return false;
  return true;
}
