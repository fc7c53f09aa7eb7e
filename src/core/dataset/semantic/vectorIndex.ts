import type * as Usearch from 'usearch';

/**
 * Nearest-neighbour search over unit-length embeddings, by cosine similarity.
 *
 * The approximate index is USearch (an HNSW graph, Apache-2.0, maintained by Unum): its npm
 * package ships N-API prebuilt binaries for Linux, macOS and Windows inside the package, so
 * it installs offline and loads in Node and in VS Code's Electron alike. Where it cannot load
 * (an unusual platform), the exact index below answers the same questions, only slower: the
 * results stay correct. Its recall against exact search is measured by the unit tests and
 * `npm run bench -- --semantic`.
 */
export interface Neighbour {
  key: number;
  similarity: number;
}

export interface VectorIndex {
  readonly kind: 'usearch' | 'exact';
  readonly size: number;
  add(key: number, vector: Float32Array): void;
  /** Adds many vectors at once (`keys.length` × dimensions floats in `matrix`): faster than one by one. */
  addMany(keys: readonly number[], matrix: Float32Array): void;
  /** Up to `k` neighbours, most similar first. */
  nearest(vector: Float32Array, k: number): Neighbour[];
  /** Frees native memory (a no-op for the exact index). */
  dispose(): void;
}

export interface IndexOptions {
  /** Use exact search even when USearch is available (tests, tiny inputs). */
  exact?: boolean;
  /** HNSW graph degree (default 16) and the beam widths when adding (128) and searching (64). */
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
}

type UsearchModule = typeof Usearch;
let usearch: UsearchModule | null | undefined;

/** USearch, or undefined when its native binary does not load here (then the exact index is used). */
export function loadUsearch(): UsearchModule | undefined {
  if (usearch === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module loaded lazily, with a fallback
      usearch = require('usearch') as UsearchModule;
    } catch {
      usearch = null;
    }
  }
  return usearch ?? undefined;
}

export function createVectorIndex(dimensions: number, options: IndexOptions = {}): VectorIndex {
  const lib = options.exact ? undefined : loadUsearch();
  return lib ? new UsearchIndex(lib, dimensions, options) : new ExactIndex(dimensions);
}

class UsearchIndex implements VectorIndex {
  readonly kind = 'usearch';
  private readonly index: InstanceType<UsearchModule['Index']>;
  private count = 0;

  constructor(lib: UsearchModule, dimensions: number, options: IndexOptions) {
    this.index = new lib.Index({
      dimensions,
      metric: lib.MetricKind.Cos,
      quantization: lib.ScalarKind.F32,
      connectivity: options.connectivity ?? 16,
      expansion_add: options.expansionAdd ?? 128,
      expansion_search: options.expansionSearch ?? 64,
      multi: false,
    });
  }

  get size(): number {
    return this.count;
  }

  add(key: number, vector: Float32Array): void {
    this.index.add(BigInt(key), vector, 1);
    this.count++;
  }

  addMany(keys: readonly number[], matrix: Float32Array): void {
    if (keys.length === 0) return;
    this.index.add(
      BigUint64Array.from(keys, (k) => BigInt(k)),
      matrix,
      0,
    );
    this.count += keys.length;
  }

  nearest(vector: Float32Array, k: number): Neighbour[] {
    if (this.count === 0) return [];
    const found = this.index.search(vector, Math.min(k, this.count), 1);
    const out: Neighbour[] = [];
    for (let i = 0; i < found.keys.length; i++) out.push({ key: Number(found.keys[i]), similarity: 1 - found.distances[i] });
    return out;
  }

  dispose(): void {
    // The native index is freed with the object; nothing to close explicitly.
  }
}

/** Exact search: every vector compared, in a flat growable Float32Array. */
export class ExactIndex implements VectorIndex {
  readonly kind = 'exact';
  private data: Float32Array;
  private keys: number[] = [];

  constructor(private readonly dimensions: number) {
    this.data = new Float32Array(dimensions * 1024);
  }

  get size(): number {
    return this.keys.length;
  }

  add(key: number, vector: Float32Array): void {
    const at = this.keys.length * this.dimensions;
    if (at + this.dimensions > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector.subarray(0, this.dimensions), at);
    this.keys.push(key);
  }

  addMany(keys: readonly number[], matrix: Float32Array): void {
    keys.forEach((key, i) => this.add(key, matrix.subarray(i * this.dimensions, (i + 1) * this.dimensions)));
  }

  nearest(vector: Float32Array, k: number): Neighbour[] {
    const d = this.dimensions;
    const best: Neighbour[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      let dot = 0;
      const base = i * d;
      for (let j = 0; j < d; j++) dot += vector[j] * this.data[base + j];
      if (best.length < k || dot > best[best.length - 1].similarity) {
        best.push({ key: this.keys[i], similarity: dot });
        best.sort((a, b) => b.similarity - a.similarity);
        if (best.length > k) best.pop();
      }
    }
    return best;
  }

  dispose(): void {
    this.data = new Float32Array(0);
    this.keys = [];
  }
}
