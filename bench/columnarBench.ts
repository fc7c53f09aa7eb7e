// `npm run bench -- --columnar`: the same records as JSON Lines and as Parquet, analysed by
// the same engine (the Parquet file through its JSON Lines view). Run by bench/run.mjs, each
// task in a fresh process so its peak RSS is its own.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parquetWriteRows } from 'hyparquet-writer';
import { analysisOptionsFrom } from '../src/core/dataset/analysisOptions';
import { analyzeColumnarFile } from '../src/core/dataset/columnar/columnarAnalysis';
import { openPager } from '../src/core/dataset/columnar/columnarPager';
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

/**
 * A Parquet file of about `targetBytes` (snappy, 10,000-row groups): the JSON Lines file's
 * records over and over, each copy numbered, until the file on disk reaches the target.
 */
export async function bigParquet(jsonl: string, parquet: string, targetBytes: number) {
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fileWriter } = require('hyparquet-writer') as { fileWriter: (path: string) => Parameters<typeof parquetWriteRows>[0]['writer'] };
  let rows = 0;
  async function* records(): AsyncGenerator<Alpaca> {
    for (let copy = 1; ; copy++) {
      for await (const r of jsonlRecords(jsonl)) {
        // The writer flushes to disk as it goes: the size on disk trails by less than a row group.
        if (rows % 10_000 === 0 && rows > 0 && statSync(parquet).size >= targetBytes) return;
        rows++;
        yield copy === 1 ? r : { ...r, instruction: `${r.instruction} (${copy})` };
      }
    }
  }
  const columns = ['instruction', 'input', 'output'].map((name) => ({ name, type: 'STRING' as const }));
  await parquetWriteRows({ writer: fileWriter(parquet), rows: records(), columns, rowGroupSize: 10_000, codec: 'SNAPPY' });
  return { ms: performance.now() - started, rows, bytes: statSync(parquet).size };
}

/**
 * The previewer's first page on a Parquet file, host side, from a cold process: open (footer:
 * schema, row count, row groups), then rows 1 to 200; then a page in the middle and the last page
 * (each reads its one row group). Bytes read count every range read from the file.
 */
export async function columnarFirstPage(path: string) {
  let bytes = 0;
  const started = performance.now();
  const pager = await openPager(path, { onRead: (s, e) => (bytes += e - s) });
  const schemaMs = performance.now() - started;
  const footerBytes = bytes;
  const first = await pager.read(0, 200);
  const firstPageMs = performance.now() - started;
  const firstPageBytes = bytes;
  const rows = pager.schema.rows ?? 0;
  const time = async (start: number) => {
    const t = performance.now();
    const page = await pager.read(start, 200);
    if (page.rows.length === 0) throw new Error(`no rows at ${start}`);
    return performance.now() - t;
  };
  const middleMs = await time(Math.floor(rows / 2));
  const lastMs = await time(Math.max(0, rows - 200));
  await pager.close();
  return {
    schemaMs,
    firstPageMs,
    ms: firstPageMs,
    middleMs,
    lastMs,
    rows,
    groups: pager.schema.groups,
    shown: first.rows.length,
    footerBytes,
    firstPageBytes,
    peakRssMb: peakRssMb(),
  };
}
