// `npm run bench -- --semantic`: the vector search behind semantic-duplicate and tunelab diversify.
//   index: 100k unit vectors of 768 dimensions around 1,000 topic centres (seeded): build time,
//          query throughput (k = 10, one thread), recall@10 against exact search, memory
//   filter: tunelab diversify's core on 20k generated records with an instant in-process
//          embedder, so its own time (reading, cache, index, search, not the endpoint's) shows
// Usage (after the bundle is built by bench/run.mjs): node semantic.js [vectors] [filterRecords]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource } from '../src/core/dataset/reading/byteSource';
import { diversify } from '../src/core/dataset/semantic/diversify';
import { ExactIndex, createVectorIndex } from '../src/core/dataset/semantic/vectorIndex';
import type { EmbeddingsClient } from '../src/core/embeddings/embeddingsClient';
import { normalize } from '../src/core/embeddings/embedTexts';
import { seededRandom } from '../test/support/seededRandom';
import { trigramVector } from '../test/support/fakeEmbeddingsServer';

const n = Number(process.argv[2] ?? 100_000);
const filterRecords = Number(process.argv[3] ?? 20_000);
const dims = 768;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function vectors(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 1000 }, () => Float32Array.from({ length: dims }, gauss));
  const matrix = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const c = centres[Math.floor(random() * centres.length)];
    matrix.set(normalize(Float32Array.from(c, (x) => x + 0.7 * gauss())), i * dims);
  }
  return matrix;
}

async function main(): Promise<void> {
  const matrix = vectors(n, 42);
  const keys = Array.from({ length: n }, (_, i) => i);
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  const index = createVectorIndex(dims);
  index.addMany(keys, matrix);
  const buildMs = performance.now() - t;
  const indexRss = process.memoryUsage().rss - rssBefore;
  const row = (i: number) => matrix.subarray(i * dims, (i + 1) * dims);
  const queries = 1000;
  t = performance.now();
  for (let q = 0; q < queries; q++) index.nearest(row((q * 7919) % n), 10);
  const qps = queries / ((performance.now() - t) / 1000);
  const exact = new ExactIndex(dims);
  exact.addMany(keys, matrix);
  let hits = 0;
  const recallQueries = 100;
  t = performance.now();
  for (let q = 0; q < recallQueries; q++) {
    const v = row((q * 104_729) % n);
    const truth = new Set(exact.nearest(v, 10).map((x) => x.key));
    for (const x of index.nearest(v, 10)) if (truth.has(x.key)) hits++;
  }
  const exactQps = recallQueries / ((performance.now() - t) / 1000);
  console.log(`\nSemantic search: ${n.toLocaleString('en-US')} vectors of ${dims} dimensions (${index.kind} HNSW, M 16, ef 128/64)`);
  console.log(
    `  index build ${(buildMs / 1000).toFixed(1)} s (${Math.round(n / (buildMs / 1000)).toLocaleString('en-US')} vectors/s), index memory ≈ ${mb(indexRss)} MB (the vectors alone ${mb(n * dims * 4)} MB)`,
  );
  console.log(`  queries (k = 10, one thread) ${Math.round(qps).toLocaleString('en-US')}/s; exact search ${exactQps.toFixed(1)}/s`);
  console.log(`  recall@10 against exact search ${(hits / (recallQueries * 10)).toFixed(3)} (${recallQueries} queries)`);
  index.dispose();
  exact.dispose();

  // The filter's own overhead: records written to a file, an embedder that answers at once.
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-bench-semantic-'));
  const file = join(dir, 'candidates.jsonl');
  const random = seededRandom(7);
  const topics = Array.from({ length: 2000 }, (_, i) => `topic ${i} ${Math.floor(random() * 1e9).toString(36)}`);
  const lines: string[] = [];
  for (let i = 0; i < filterRecords; i++) {
    const topic = topics[Math.floor(random() * topics.length)];
    lines.push(
      JSON.stringify({
        instruction: `${['How do I', 'Explain how to', 'Tell me about'][i % 3]} ${topic}?`,
        input: '',
        output: `An answer about ${topic}, number ${i}.`,
      }),
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  const client: EmbeddingsClient = {
    model: 'bench',
    url: 'in-process',
    embed: (texts) => Promise.resolve(texts.map((text) => Float32Array.from(trigramVector(text, dims)))),
  };
  const source = await fileSource(file);
  const result = await diversify({ candidates: source, against: [], client, threshold: 0.85 });
  await source.close();
  const own = result.totalMs - result.endpointMs;
  console.log(
    `  tunelab diversify on ${filterRecords.toLocaleString('en-US')} records: ${result.rejections.length.toLocaleString('en-US')} rejected; ` +
      `${(own / 1000).toFixed(1)} s of its own beyond the endpoint (${((own / filterRecords) * 1000).toFixed(0)} µs a record), the in-process embedder ${(result.endpointMs / 1000).toFixed(1)} s`,
  );
}

void main();
