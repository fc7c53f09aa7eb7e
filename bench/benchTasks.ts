/**
 * Benchmark tasks, each run in its own process by bench/run.mjs (so each peak RSS is its own).
 * Prints one JSON object on stdout.
 *
 *   bare <file>                 read + split + JSON.parse, one thread: the floor
 *   analyze <file> <worker.js>  the full engine, as `tunelab check` runs it
 *   neardup <file> <records> <engine|minhash>
 *                               the near-duplicate stage alone on the first N records' texts,
 *                               with precision/recall against exact all-pairs Jaccard
 *   config                      checking a 100-line training config, cold and warm
 *   config-1mb <runs>           checking a 1 MB Axolotl YAML config: first check and median of <runs>
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { analyzeDatasetFile } from '../src/core/dataset/datasetFile';
import { analysisOptionsFrom } from '../src/core/dataset/analysisOptions';
import { ContentDigester } from '../src/core/dataset/dedup/contentDigest';
import { BANDS, jaccard } from '../src/core/dataset/dedup/minHash';
import { normalizeRecord } from '../src/core/dataset/formats/normalizeRecord';
import { isCjk } from '../src/core/text/characters';
import { nearDuplicateCandidates } from '../src/core/dataset/dedup/lshCandidates';
import { defaultSettings } from '../src/core/settings/settings';
import { analyzeColumnar, bigParquet, columnarFirstPage, columnarView, toParquet } from './columnarBench';
import { configValidation } from './configValidation';
import { largeConfigCheck } from './largeConfig';
import { exactSimilarRecords } from './exactJaccardJoin';
import { fileSource } from '../src/core/dataset/reading/byteSource';
import { readRows } from '../src/core/dataset/preview/pageReader';
import { RecordIndex } from '../src/core/dataset/preview/recordIndex';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the baseline package ships CommonJS without types
const { Minhash, LshIndex } = require('minhash') as {
  Minhash: new (o?: { numPerm?: number; seed?: number }) => { update(s: string): void; hashvalues: number[] };
  LshIndex: new (o?: { bandSize?: number }) => { insert(k: number, m: unknown): void; query(m: unknown): string[] };
};

const THRESHOLD = 0.85;
const MIN_CHARS = 24;

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Every line of a JSONL file, streamed in 4 MB reads. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(4 << 20);
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const parts = (carry + buffer.toString('utf8', 0, n)).split('\n');
      carry = parts.pop() ?? '';
      yield* parts;
    }
    if (carry) yield carry;
  } finally {
    closeSync(fd);
  }
}

function bare(path: string) {
  const started = performance.now();
  let records = 0;
  let malformed = 0;
  for (const line of lines(path)) {
    if (!line) continue;
    try {
      JSON.parse(line);
      records++;
    } catch {
      malformed++;
    }
  }
  return { ms: performance.now() - started, records, malformed, peakRssMb: peakRssMb() };
}

async function analyze(path: string, workerScript: string) {
  const started = performance.now();
  const report = await analyzeDatasetFile(path, analysisOptionsFrom(defaultSettings()), { workerScript });
  return {
    ms: performance.now() - started,
    timings: report.timings,
    records: report.summary.records,
    flagged: report.summary.flaggedRecords,
    recordsByCode: report.summary.recordsByCode,
    peakRssMb: peakRssMb(),
  };
}

/** The texts near-duplicate detection compares, as the engine builds them, skipping exact duplicates and short texts. */
function comparableRecords(path: string, limit: number) {
  const digester = new ContentDigester();
  const seen = new Set<number>();
  const texts: string[] = [];
  const sets: Uint32Array[] = [];
  for (const line of lines(path)) {
    if (texts.length >= limit) break;
    let record;
    try {
      record = normalizeRecord(JSON.parse(line)).record;
    } catch {
      continue;
    }
    if (!record) continue;
    const { key } = digester.digest(record);
    if (seen.has(key) || digester.comparableLength < MIN_CHARS) continue;
    seen.add(key);
    texts.push(digester.comparableText());
    sets.push(digester.shingleSet());
  }
  return { texts, sets };
}

/** Shingles as strings, as the engine cuts them (5 units from an alphabetic position, 2 from CJK), for the minhash package. */
function shingleStrings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const size = isCjk(text.charCodeAt(i)) ? 2 : 5;
    if (i + size <= text.length) out.push(text.slice(i, i + size));
  }
  return out.length ? out : [text];
}

function neardup(path: string, limit: number, method: string) {
  const { texts, sets } = comparableRecords(path, limit);
  // The exact join takes tens of seconds: computed once per data file and cached beside it.
  const info = statSync(path);
  const cache = `${path}.truth-${limit}-${THRESHOLD}-${info.size}-${Math.floor(info.mtimeMs)}.json`;
  let truth: Set<number>;
  let truthMs: number;
  if (existsSync(cache)) {
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { records: number[]; ms: number };
    truth = new Set(saved.records);
    truthMs = saved.ms;
  } else {
    const truthStarted = performance.now();
    truth = exactSimilarRecords(sets, THRESHOLD);
    truthMs = performance.now() - truthStarted;
    writeFileSync(cache, JSON.stringify({ records: [...truth], ms: truthMs }));
  }

  const started = performance.now();
  const candidates = new Map<number, number[]>();
  if (method === 'engine') {
    const digester = new ContentDigester();
    const bandKeys = new Uint32Array(texts.length * BANDS);
    const eligible = new Uint8Array(texts.length);
    texts.forEach((text, i) => {
      digester.loadComparableText(text);
      eligible[i] = digester.bandKeys(bandKeys, i * BANDS) ? 1 : 0;
    });
    for (const [later, earlier] of nearDuplicateCandidates({ count: texts.length, bandKeys, eligible })) candidates.set(later, earlier);
  } else {
    const index = new LshIndex({ bandSize: 8 });
    const hashes = texts.map((text, i) => {
      const m = new Minhash({ numPerm: 128 });
      for (const s of shingleStrings(text)) m.update(s);
      index.insert(i, m);
      return m;
    });
    hashes.forEach((m, i) => {
      const earlier = index
        .query(m)
        .map(Number)
        .filter((j) => j < i)
        .sort((a, b) => a - b);
      if (earlier.length) candidates.set(i, earlier);
    });
  }
  const candidateMs = performance.now() - started;
  let pairs = 0;
  const predicted = new Set<number>();
  for (const [later, earlier] of candidates) {
    for (const i of earlier) {
      pairs++;
      if (jaccard(sets[i], sets[later]) >= THRESHOLD) {
        predicted.add(later);
        break;
      }
    }
  }
  const ms = performance.now() - started;
  let hits = 0;
  for (const r of predicted) if (truth.has(r)) hits++;
  return {
    method,
    records: texts.length,
    ms,
    candidateMs,
    verifyMs: ms - candidateMs,
    candidatePairs: pairs,
    truePositives: truth.size,
    predicted: predicted.size,
    precision: predicted.size ? hits / predicted.size : 1,
    recall: truth.size ? hits / truth.size : 1,
    truthMs,
    peakRssMb: peakRssMb(),
  };
}

/**
 * The previewer's host side on a big file, as the extension runs it: the index is built in
 * the background while the first page is served; then pages at random rows.
 */
async function preview(path: string) {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const source = await fileSource(path);
  const index = new RecordIndex();
  const PAGE = 200;
  let firstPageMs = 0;
  let firstPage: Promise<void> | undefined;
  const built = index.build(source, {
    onProgress: (p) => {
      if (!firstPage && p.records >= PAGE) {
        firstPage = readRows(
          source,
          index,
          Array.from({ length: PAGE }, (_, i) => i),
          'instruction',
          300,
        ).then(() => {
          firstPageMs = performance.now() - started;
        });
      }
    },
  });
  await built;
  await firstPage;
  const indexMs = performance.now() - started;
  const rssIndexed = process.memoryUsage().rss;
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const row = Math.floor(random() * Math.max(1, index.count - PAGE));
    const t = performance.now();
    await readRows(
      source,
      index,
      Array.from({ length: PAGE }, (_, k) => row + k),
      'instruction',
      300,
    );
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  await source.close();
  return {
    records: index.count,
    firstPageMs,
    indexMs,
    randomPageMedianMs: times[Math.floor(times.length / 2)],
    randomPageP95Ms: times[Math.floor(times.length * 0.95)],
    randomPageMaxMs: times[times.length - 1],
    memoryGrowthMb: Math.round((rssIndexed - rssBefore) / (1 << 20)),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / (1 << 20)),
    peakRssMb: peakRssMb(),
  };
}

async function main(): Promise<void> {
  const [task, path, a, b] = process.argv.slice(2);
  let result: unknown;
  if (task === 'bare') result = bare(path);
  else if (task === 'analyze') result = await analyze(path, a);
  else if (task === 'to-parquet') result = await toParquet(path, a);
  else if (task === 'columnar-view') result = await columnarView(path);
  else if (task === 'analyze-columnar') result = await analyzeColumnar(path, a);
  else if (task === 'big-parquet') result = await bigParquet(path, a, Number(b));
  else if (task === 'columnar-first-page') result = await columnarFirstPage(path);
  else if (task === 'neardup') result = neardup(path, Number(a), b);
  else if (task === 'preview') result = await preview(path);
  else if (task === 'config') result = configValidation();
  else if (task === 'config-1mb') result = largeConfigCheck(Number(path ?? 3), peakRssMb);
  else throw new Error(`unknown task ${task}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
