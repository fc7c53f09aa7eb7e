import * as assert from 'node:assert/strict';
import { inThreadRunner } from '../../../../src/core/dataset/analysis/workerPool';
import { nearDuplicateStage } from '../../../../src/core/dataset/analysis/nearDuplicateStage';
import { ContentDigester } from '../../../../src/core/dataset/dedup/contentDigest';
import { BANDS, jaccard } from '../../../../src/core/dataset/dedup/minHash';
import { normalizeRecord } from '../../../../src/core/dataset/formats/normalizeRecord';
import { bytesSource } from '../../../../src/core/dataset/reading/byteSource';
import { seededRandom } from '../../../support/seededRandom';
import { alpaca, analyze, defaultOptions, findingsOf } from './analyzeHelper';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'vo', 'pe', 'da', 'go', 'hu'];

/** Templated data: 10% original records, 90% copies of one of them with 1–3 words changed. */
function duplicateHeavy(count: number, seed: number): Array<{ instruction: string; input: string; output: string }> {
  const random = seededRandom(seed);
  const syllable = () => SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  const pick = () => syllable() + syllable() + syllable();
  const originals: string[][] = [];
  const records = [];
  for (let i = 0; i < count; i++) {
    let words: string[];
    if (originals.length === 0 || random() < 0.1) {
      words = Array.from({ length: 40 + Math.floor(random() * 30) }, pick);
      originals.push(words);
    } else {
      words = [...originals[Math.floor(random() * originals.length)]];
      for (let e = 1 + Math.floor(random() * 3); e > 0; e--) words[Math.floor(random() * words.length)] = pick();
    }
    records.push(alpaca(words.join(' '), `Task ${i % 7}`));
  }
  return records;
}

/** Ground truth by exact all-pairs Jaccard: each record's (1-based) best similarity to an earlier one, when ≥ 0.85. */
function allPairsTruth(records: unknown[]): Map<number, number> {
  const digester = new ContentDigester();
  const seen = new Set<number>();
  const sets: Array<{ record: number; set: Uint32Array }> = [];
  const truth = new Map<number, number>();
  records.forEach((raw, i) => {
    const record = normalizeRecord(raw).record!;
    const { key } = digester.digest(record);
    if (seen.has(key) || digester.comparableLength < 24) return; // exact duplicates and short texts take no part
    seen.add(key);
    const set = digester.shingleSet();
    const best = Math.max(0, ...sets.map((earlier) => jaccard(earlier.set, set)));
    if (best >= 0.85) truth.set(i + 1, best);
    sets.push({ record: i + 1, set });
  });
  return truth;
}

describe('near-duplicate stage on duplicate-heavy data', () => {
  it('flags only what exact all-pairs Jaccard finds and misses nothing 0.90 similar, each linked to a verified earlier twin', async () => {
    const records = duplicateHeavy(800, 7);
    const report = await analyze(records);
    const near = findingsOf(report, 'near-duplicate');
    const truth = allPairsTruth(records);
    assert.ok(truth.size > 550, `the generated set should be mostly near copies (${truth.size})`);
    // Precision is exact by construction (every pair is verified); LSH pairs records ≥ 0.90 similar
    // with probability 0.99993, so only a record whose best match is just over the threshold may be missed.
    const flagged = new Set(near.map((f) => f.record));
    assert.deepEqual(
      [...flagged].filter((r) => !truth.has(r)),
      [],
      'every flagged record is a true near duplicate',
    );
    const missed = [...truth].filter(([r]) => !flagged.has(r));
    assert.deepEqual(
      missed.filter(([, best]) => best >= 0.9),
      [],
      'no record at least 0.90 similar to an earlier one is missed',
    );
    assert.ok(missed.length <= truth.size / 100, `recall ${1 - missed.length / truth.size}`);
    const digester = new ContentDigester();
    const setOf = (n: number) => {
      digester.digest(normalizeRecord(records[n - 1]).record!);
      return digester.shingleSet();
    };
    for (const f of near) {
      const twin = f.data.twin!;
      assert.ok(twin < f.record);
      assert.ok(jaccard(setOf(twin), setOf(f.record)) >= 0.85);
    }
  });

  it('gives the same twins with a tiny shingle cache and window as with the defaults', async () => {
    const records = duplicateHeavy(800, 11);
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const bytes = new TextEncoder().encode(text);
    const digester = new ContentDigester();
    const bandKeys = new Uint32Array(records.length * BANDS);
    const eligible = new Uint8Array(records.length);
    const starts: number[] = [];
    const lengths: number[] = [];
    let at = 0;
    const seen = new Set<number>();
    records.forEach((r, i) => {
      const line = new TextEncoder().encode(JSON.stringify(r));
      starts.push(at);
      lengths.push(line.length);
      at += line.length + 1;
      const { key } = digester.digest(normalizeRecord(r).record!);
      if (!seen.has(key)) eligible[i] = digester.bandKeys(bandKeys, i * BANDS) ? 1 : 0;
      seen.add(key);
    });
    const runner = inThreadRunner({ options: defaultOptions(), terms: [] });
    const run = (tiny: boolean) => {
      const progress: number[] = [];
      const result = nearDuplicateStage({
        source: bytesSource('t.jsonl', bytes),
        count: records.length,
        bandKeys,
        eligible,
        byteStarts: { get: (i) => starts[i] },
        byteLengths: { get: (i) => lengths[i] },
        shingles: (batch) => runner.shingles(batch),
        threshold: 0.85,
        cacheShingles: tiny ? 1 : undefined,
        windowRecords: tiny ? 7 : undefined,
        onProgress: (done) => progress.push(done),
      });
      return result.then((found) => ({ found, progress }));
    };
    const normal = await run(false);
    const tiny = await run(true);
    assert.ok(normal.found.length > 400);
    assert.deepEqual(tiny.found, normal.found);
    assert.ok(tiny.progress.length > 50, 'progress moves window by window');
    assert.deepEqual(
      [...tiny.progress].sort((a, b) => a - b),
      tiny.progress,
    );
  });
});
