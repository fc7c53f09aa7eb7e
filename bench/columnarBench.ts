// `npm run bench -- --columnar`: the same records as JSON Lines and as Parquet, analysed by
// the same engine (the Parquet file through its JSON Lines view). Run by bench/run.mjs, each
// task in a fresh process so its peak RSS is its own.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parquetWriteRows } from 'hyparquet-writer';
import { analysisOptionsFrom } from '../src/core/dataset/analysisOptions';
import { analyzeColumnarFile } from '../src/core/dataset/columnar/columnarAnalysis';
import { jsonLinesView } from '../src/core/dataset/columnar/jsonLinesView';
import { defaultSettings } from '../src/core/settings/settings';

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

type Alpaca = { instruction: string; input: string; output: string };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

async function* jsonlRecords(path: string): AsyncGenerator<Alpaca> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // the generator plants malformed lines; a Parquet file cannot hold them
    }
    yield { instruction: text(r.instruction), input: text(r.input), output: text(r.output) };
  }
}

/** Writes the JSON Lines file's alpaca records as Parquet (snappy, row groups of 10,000 rows), streamed. */
export async function toParquet(jsonl: string, parquet: string) {
  const started = performance.now();
  // The Node entry's buffered file writer (the package's types describe only the browser entry).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fileWriter } = require('hyparquet-writer') as { fileWriter: (path: string) => Parameters<typeof parquetWriteRows>[0]['writer'] };
  const columns = ['instruction', 'input', 'output'].map((name) => ({ name, type: 'STRING' as const }));
  await parquetWriteRows({ writer: fileWriter(parquet), rows: jsonlRecords(jsonl), columns, rowGroupSize: 10_000, codec: 'SNAPPY' });
  return { ms: performance.now() - started, peakRssMb: peakRssMb() };
}

/** Reading the Parquet file into its JSON Lines view alone (no analysis). */
export async function columnarView(path: string) {
  const started = performance.now();
  const view = await jsonLinesView(path);
  const ms = performance.now() - started;
  await view.dispose();
  return { ms, rows: view.rows.count, peakRssMb: peakRssMb() };
}

export async function analyzeColumnar(path: string, workerScript: string) {
  const started = performance.now();
  const report = await analyzeColumnarFile(path, analysisOptionsFrom(defaultSettings()), { workerScript });
  return {
    ms: performance.now() - started,
    timings: report.timings,
    records: report.summary.records,
    flagged: report.summary.flaggedRecords,
    recordsByCode: report.summary.recordsByCode,
    groups: report.table?.groups,
    peakRssMb: peakRssMb(),
  };
}
