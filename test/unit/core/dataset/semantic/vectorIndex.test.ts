import * as assert from 'node:assert/strict';
import { normalize } from '../../../../../src/core/embeddings/embedTexts';
import { greedyTwins } from '../../../../../src/core/dataset/semantic/greedyTwins';
import { ExactIndex, createVectorIndex, loadUsearch } from '../../../../../src/core/dataset/semantic/vectorIndex';
import { trigramVector } from '../../../../support/fakeEmbeddingsServer';
import { seededRandom } from '../../../../support/seededRandom';

/** `n` unit vectors around `clusters` random centres: the shape real embeddings have (topics), not uniform noise. */
export function clusteredVectors(n: number, dims: number, clusters: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dims }, gauss));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(random() * clusters)];
    return normalize(Float32Array.from(c, (x) => x + 0.6 * gauss()));
  });
}

/** The filter the rules describe, by brute force: every candidate compared with every admitted one. */
function bruteForceGreedy(vectors: Float32Array[], threshold: number): boolean[] {
  const admitted: Float32Array[] = [];
  return vectors.map((v) => {
    const twin = admitted.some((a) => a.reduce((sum, x, j) => sum + x * v[j], 0) >= threshold);
    if (!twin) admitted.push(v);
    return !twin;
  });
}

describe('semantic vector index (USearch HNSW) and the greedy filter', function () {
  this.timeout(300_000);

  it('loads the USearch native binary shipped in its npm package', () => {
    assert.ok(loadUsearch(), 'usearch loads');
    assert.equal(createVectorIndex(8).kind, 'usearch');
    assert.equal(createVectorIndex(8, { exact: true }).kind, 'exact');
  });

  it('finds the exact nearest neighbours with recall ≥ 0.95 on 20 000 vectors', () => {
    const dims = 64;
    const vectors = clusteredVectors(20_000, dims, 200, 7);
    const matrix = new Float32Array(vectors.length * dims);
    vectors.forEach((v, i) => matrix.set(v, i * dims));
    const ann = createVectorIndex(dims);
    ann.addMany(
      vectors.map((_, i) => i),
      matrix,
    );
    const exact = new ExactIndex(dims);
    exact.addMany(
      vectors.map((_, i) => i),
      matrix,
    );
    const queries = clusteredVectors(200, dims, 200, 7).map((_, i) => vectors[(i * 97) % vectors.length]);
    let hits = 0;
    let total = 0;
    for (const q of queries) {
      const truth = new Set(exact.nearest(q, 10).map((n) => n.key));
      for (const n of ann.nearest(q, 10)) if (truth.has(n.key)) hits++;
      total += truth.size;
    }
    const recall = hits / total;
    assert.ok(recall >= 0.95, `recall@10 ${recall}`);
  });

  it('admits exactly what a brute-force greedy filter admits, on paraphrase-like fixtures', () => {
    const random = seededRandom(3);
    const stems = [
      'How do I reset my password',
      'Explain photosynthesis to a child',
      '用一句话解释什么是机器学习',
      'Write a haiku about autumn rain',
      'What is the capital of France',
    ];
    const texts = Array.from({ length: 400 }, (_, i) => {
      const stem = stems[i % stems.length];
      const variant = Math.floor(random() * 6);
      return variant < 3 ? `${stem} ${['please', 'quickly', 'now'][variant]}?` : `${stem} — case ${i}, with detail ${Math.floor(random() * 1e6)}`;
    });
    const vectors = texts.map((t) => normalize(Float32Array.from(trigramVector(t, 256))));
    for (const threshold of [0.7, 0.85, 0.95]) {
      const expected = bruteForceGreedy(vectors, threshold);
      const result = greedyTwins(vectors, [], { threshold, mode: 'admit' });
      assert.equal(result.indexKind, 'usearch');
      assert.deepEqual(
        result.twins.map((t) => t === undefined),
        expected,
        `threshold ${threshold}`,
      );
      assert.ok(result.rejected > 0 && result.admitted > 0, `threshold ${threshold} both admits and rejects`);
    }
  });

  it('compares with the reference set first and names the twin it matched', () => {
    const v = (text: string) => normalize(Float32Array.from(trigramVector(text, 256)));
    const against = [v('Translate good morning into French'), v('List three prime numbers')];
    const candidates = [v('Translate good morning into French please'), v('Name the largest ocean on Earth'), v('Name the largest ocean on Earth!'), undefined];
    const result = greedyTwins(candidates, against, { threshold: 0.85, mode: 'admit' });
    assert.equal(result.twins[0]?.from, 'against');
    assert.equal(result.twins[0]?.index, 0);
    const similarity = result.twins[0]?.similarity ?? 0;
    assert.ok(similarity >= 0.85 && similarity <= 1.0001);
    assert.equal(result.twins[1], undefined);
    assert.deepEqual({ from: result.twins[2]?.from, index: result.twins[2]?.index }, { from: 'candidates', index: 1 });
    assert.deepEqual([result.admitted, result.rejected, result.unembedded], [2, 2, 1]);
  });

  it('considers candidates in the given order (best score first keeps the better copy)', () => {
    const v = (text: string) => normalize(Float32Array.from(trigramVector(text, 256)));
    const candidates = [v('Summarise the plot of Hamlet briefly'), v('Summarise the plot of Hamlet briefly.')];
    const result = greedyTwins(candidates, [], { threshold: 0.85, mode: 'admit', order: [1, 0] });
    assert.equal(result.twins[1], undefined);
    assert.equal(result.twins[0]?.index, 1);
  });
});
