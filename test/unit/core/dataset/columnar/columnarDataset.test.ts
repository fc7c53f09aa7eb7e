import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDatasetFile } from '../../../../../src/core/dataset/datasetFile';
import type { DatasetReport } from '../../../../../src/core/dataset/analysis/analyzeDataset';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { jsonLinesView } from '../../../../../src/core/dataset/columnar/jsonLinesView';
import { analyzeColumnarFile } from '../../../../../src/core/dataset/columnar/columnarAnalysis';
import type { ColumnarReport } from '../../../../../src/core/dataset/columnar/columnarAnalysis';
import { bundledTerms } from '../../../../../src/core/dataset/lexicon/lexiconFile';
import { defaultOptions } from '../analyzeHelper';
import { CODECS, alpacaArrow, alpacaParquet, alpacaRows, chatArrow, chatParquet, chatRows, toCsv, writeJsonl } from './columnarFixtures';

const dir = mkdtempSync(join(tmpdir(), 'tunelab-columnar-test-'));
const extra = { threads: 0, terms: bundledTerms() };

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** What must match between formats: code, record (row) and field of every finding. */
function keys(report: DatasetReport): string[] {
  return report.findings.map((f) => `${f.code}@${f.record}:${f.data.field ?? ''}`).sort();
}

async function jsonlKeys(name: string, rows: unknown[]): Promise<string[]> {
  const path = join(dir, name);
  writeJsonl(path, rows);
  return keys(await analyzeDatasetFile(path, defaultOptions(), extra));
}

const check = (path: string): Promise<ColumnarReport> => analyzeColumnarFile(path, defaultOptions(), extra);

describe('columnar datasets: the same findings as the equivalent JSON Lines', function () {
  this.timeout(30_000);
  let alpaca: string[];
  let chat: string[];
  before(async () => {
    alpaca = await jsonlKeys('alpaca.jsonl', alpacaRows());
    chat = await jsonlKeys('chat.jsonl', chatRows());
    // The fixtures plant findings: the comparison below is not between two empty lists.
    for (const planted of ['too-short@3:output', 'exact-duplicate@5:']) assert.ok(alpaca.includes(planted), `${planted} in ${alpaca.join(', ')}`);
    for (const planted of ['empty-turn@2:messages.1.content', 'exact-duplicate@6:', 'role-order@4:messages.1.role'])
      assert.ok(
        chat.some((k) => k.startsWith(planted.split(':')[0])),
        `${planted} in ${chat.join(', ')}`,
      );
  });

  for (const codec of CODECS) {
    it(`Parquet, ${codec}: flat columns and a list<struct> messages column`, async () => {
      const flat = await check(file(`alpaca-${codec}.parquet`, alpacaParquet(alpacaRows(), codec)));
      assert.deepEqual(keys(flat), alpaca);
      assert.equal(flat.summary.records, 12);
      assert.equal(flat.summary.format, 'alpaca');
      assert.deepEqual(
        flat.table?.columns.map((c) => `${c.name}:${c.type}`),
        ['instruction:string', 'input:string', 'output:string'],
      );
      assert.equal(flat.table?.groups, 3);
      assert.deepEqual(flat.table?.compression, codec === 'UNCOMPRESSED' ? [] : [codec]);
      const nested = await check(file(`chat-${codec}.parquet`, chatParquet(chatRows(), codec)));
      assert.deepEqual(keys(nested), chat);
      assert.deepEqual(
        nested.table?.columns.map((c) => c.type),
        ['list<struct<role: string, content: string>>'],
      );
    });
  }

  for (const format of ['file', 'stream'] as const) {
    it(`Arrow IPC ${format} format (stream is what datasets.save_to_disk writes)`, async () => {
      const nested = await check(file(`chat-${format}.arrow`, chatArrow(chatRows(), format)));
      assert.deepEqual(keys(nested), chat);
      assert.equal(nested.table?.format, `arrow-${format}`);
      assert.equal(nested.table?.groups, 3);
      assert.equal(nested.table?.rows, 8);
      const flat = await check(file(`alpaca-${format}.arrow`, alpacaArrow(alpacaRows(), format)));
      assert.deepEqual(keys(flat), alpaca);
    });
  }

  it('CSV and TSV, with quoted commas, quotes and newlines in cells', async () => {
    const rows = alpacaRows();
    rows[1] = { ...rows[1], output: 'A "quoted" word, a comma,\nand a second line in one cell.' };
    const expected = await jsonlKeys('alpaca-quoted.jsonl', rows);
    assert.deepEqual(keys(await check(file('alpaca.csv', toCsv(rows)))), expected);
    assert.deepEqual(keys(await check(file('alpaca.tsv', toCsv(rows, '\t')))), expected);
  });

  it('names the row and the column of each finding', async () => {
    const report = await check(file('cells.parquet', alpacaParquet(alpacaRows())));
    const short = report.findings.find((f) => f.code === 'too-short');
    assert.deepEqual(short?.cell, { row: 3, column: 'output' });
    const duplicate = report.findings.find((f) => f.code === 'exact-duplicate');
    assert.deepEqual(duplicate?.cell, { row: 5 });
    assert.equal(duplicate?.data.twin, 1);
    assert.equal(duplicate?.data.byteStart, undefined, 'offsets in the temporary JSON Lines file are not reported');
    const chat = await check(file('cells-chat.parquet', chatParquet(chatRows())));
    assert.deepEqual(chat.findings.find((f) => f.code === 'empty-turn')?.cell, { row: 2, column: 'messages' });
  });

  it('turns BigInt, dates and binary cells into JSON values', async () => {
    const buffer = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
        { name: 'at', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } },
        { name: 'blob', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      ],
      columnData: [
        { name: 'text', data: ['Some pre-training text that is long enough to check.', 'More text.'] },
        { name: 'id', data: [7n, 2n ** 60n] },
        { name: 'at', data: [1700000000000n, null] },
        { name: 'blob', data: [new Uint8Array([1, 2, 3]), null] },
      ],
    });
    const path = file('values.parquet', new Uint8Array(buffer));
    const view = await jsonLinesView(path);
    try {
      const lines = readFileSync(view.jsonlPath!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(lines[0], {
        text: 'Some pre-training text that is long enough to check.',
        id: 7,
        at: '2023-11-14T22:13:20.000Z',
        blob: '<binary 3 bytes>',
      });
      assert.equal(lines[1].id, '1152921504606846976', 'beyond 2^53 a BigInt stays exact, as a string');
    } finally {
      await view.dispose();
    }
  });

  it('reads the dataset_info.json entry that names the file, for its column mapping', async () => {
    const sub = mkdtempSync(join(dir, 'info-'));
    writeFileSync(join(sub, 'dataset_info.json'), JSON.stringify({ qa: { file_name: 'qa.parquet', columns: { prompt: 'question', response: 'answer' } } }));
    const rows = alpacaRows().map((r) => ({ question: r.instruction, answer: r.output }));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'question', data: rows.map((r) => r.question) },
        { name: 'answer', data: rows.map((r) => r.answer) },
      ],
    });
    const path = join(sub, 'qa.parquet');
    writeFileSync(path, new Uint8Array(buffer));
    const report = await check(path);
    assert.equal(report.summary.datasetInfoEntry, 'qa');
    assert.equal(report.summary.format, 'alpaca');
    assert.deepEqual(report.findings.find((f) => f.code === 'too-short')?.cell, { row: 3, column: 'answer' });
  });

  it('never writes to the input', async () => {
    const path = file('untouched.parquet', alpacaParquet(alpacaRows()));
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    await check(path);
    assert.deepEqual(readFileSync(path), before);
    assert.equal(statSync(path).mtimeMs, mtime);
  });
});
