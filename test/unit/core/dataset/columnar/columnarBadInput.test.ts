import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { analyzeColumnarFile } from '../../../../../src/core/dataset/columnar/columnarAnalysis';
import type { ColumnarReport } from '../../../../../src/core/dataset/columnar/columnarAnalysis';
import { renderMessage } from '../../../../../src/shared/findings';
import { bundledTerms } from '../../../../../src/core/dataset/lexicon/lexiconFile';
import { defaultOptions } from '../analyzeHelper';
import { alpacaParquet, alpacaRows, chatArrow, chatRows, toCsv } from './columnarFixtures';

const dir = mkdtempSync(join(tmpdir(), 'tunelab-columnar-bad-'));

/** Writes the file, checks it, and asserts the input is byte for byte what was written. */
async function check(name: string, content: string | Uint8Array): Promise<ColumnarReport> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const before = readFileSync(path);
  const report = await analyzeColumnarFile(path, defaultOptions(), { threads: 0, terms: bundledTerms() });
  assert.deepEqual(readFileSync(path), before, 'the input is never written');
  return report;
}

function problems(report: ColumnarReport): string[] {
  return report.findings
    .filter((f) => f.data.field === undefined && (f.code === 'not-a-dataset' || f.code === 'invalid-record'))
    .map((f) => `${f.code}@${f.cell.row}: ${renderMessage(f)}`);
}

describe('columnar datasets: bad input is a finding, never a crash', function () {
  this.timeout(30_000);

  it('an empty file, whatever its extension', async () => {
    for (const ext of ['parquet', 'arrow', 'csv', 'tsv']) {
      const report = await check(`empty.${ext}`, '');
      assert.deepEqual(problems(report), ['not-a-dataset@0: The file is empty.'], ext);
      assert.equal(report.summary.records, 0);
    }
  });

  it('a file that is not what its extension says', async () => {
    assert.match(
      problems(await check('json.parquet', '[{"a": 1}]'))[0],
      /^not-a-dataset@0: Not a Parquet file: it does not start with PAR1 \(it looks like JSON\)\./,
    );
    assert.match(problems(await check('parquet.arrow', alpacaParquet(alpacaRows())))[0], /Not an Arrow IPC file or stream \(it looks like Parquet\)\./);
    assert.match(problems(await check('parquet.csv', alpacaParquet(alpacaRows())))[0], /Not a text file: it holds NUL bytes \(it looks like Parquet\)\./);
  });

  it('a Parquet file with its footer cut off, or its footer length garbled', async () => {
    const bytes = alpacaParquet(alpacaRows());
    assert.deepEqual(problems(await check('cut.parquet', bytes.subarray(0, bytes.length - 30))), [
      'not-a-dataset@0: Parquet file cut short: its footer (which lists the row groups) is missing.',
    ]);
    const garbled = Uint8Array.from(bytes);
    new DataView(garbled.buffer).setUint32(garbled.length - 8, 0x7fffffff, true);
    assert.match(problems(await check('garbled.parquet', garbled))[0], /^not-a-dataset@0: Parquet footer could not be read: /);
  });

  it('a corrupt page costs its row group; the other row groups are still checked', async () => {
    const bytes = alpacaParquet(alpacaRows(), 'SNAPPY', 5);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const corrupt = Uint8Array.from(bytes);
    // Garble the first page header of the first row group's first column.
    const offset = Number(metadata.row_groups[0].columns[0].meta_data?.data_page_offset);
    corrupt.fill(0xff, offset, offset + 12);
    const report = await check('corrupt.parquet', corrupt);
    const said = problems(report);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^invalid-record@1: Rows 1 to 5 could not be read: /);
    assert.equal(report.summary.records, 12, 'the unread rows still count as rows of the file');
    // Row 3's short answer was in the lost group; the rows after it are still checked (rows 6 to 12).
    assert.ok(!report.findings.some((f) => f.code === 'too-short'));
    assert.equal(
      Object.values(report.summary.formats).reduce((a, b) => a + b, 0),
      7,
      'rows 6 to 12 were read and checked',
    );
  });

  it('an unsupported codec', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'text', data: ['Some text long enough to read.'] }],
      codec: 'LZO',
      compressors: { LZO: (input: Uint8Array) => input },
    });
    assert.deepEqual(problems(await check('lzo.parquet', new Uint8Array(buffer))), [
      'invalid-record@1: Rows 1 to 1 could not be read: parquet unsupported compression codec: LZO.',
    ]);
  });

  it('an Arrow stream or file cut short', async () => {
    const stream = chatArrow(chatRows(), 'stream', 3);
    const cutStream = await check('cut-stream.arrow', stream.subarray(0, Math.floor(stream.length * 0.6)));
    const said = problems(cutStream);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^invalid-record@4: Rows from 4 on could not be read: /, 'the first batch (rows 1 to 3) was read');
    assert.equal(cutStream.summary.formats.sharegpt ?? Object.values(cutStream.summary.formats)[0], 3);
    // pyarrow's file format is the magic, then the whole stream (schema first), then the footer: cut, the stream part still reads.
    const pyarrowLike = new Uint8Array([...new TextEncoder().encode('ARROW1'), 0, 0, ...stream.subarray(0, Math.floor(stream.length * 0.6))]);
    const cutFile = await check('cut-file.arrow', pyarrowLike);
    const fileSaid = problems(cutFile);
    assert.equal(fileSaid[0], 'not-a-dataset@0: Arrow file cut short: its footer is missing; the record batches before the cut were read.');
    assert.match(fileSaid[1], /^invalid-record@4: Rows from 4 on could not be read: /);
    // apache-arrow's writer keeps the schema only in the footer: cut, nothing can be read, and it says so.
    const jsWritten = chatArrow(chatRows(), 'file', 3);
    assert.deepEqual(problems(await check('cut-js.arrow', jsWritten.subarray(0, jsWritten.length - 40))), [
      'not-a-dataset@0: Arrow file cut short: its footer is missing, and nothing before the cut can be read without it.',
    ]);
    assert.equal(cutFile.summary.records, 3, 'the batch before the cut was checked');
  });

  it('a CSV with ragged rows and a row with a stray quote', async () => {
    const rows = alpacaRows().slice(0, 4);
    const lines = toCsv(rows).trimEnd().split('\n');
    lines[2] = `${lines[2]},extra`; // row 2: four fields
    lines[3] = 'Say hi.,'; // row 3: two fields
    lines.push('A "quoted" word inside,x,"an open quote never closed');
    lines.push('Last question here?,,A complete answer to the last question.');
    const report = await check('ragged.csv', `${lines.join('\n')}\n`);
    const said = problems(report);
    assert.ok(said.includes('invalid-record@2: Row has 4 fields where the header has 3.'), said.join('\n'));
    assert.ok(said.includes('invalid-record@3: Row has 2 fields where the header has 3.'), said.join('\n'));
    assert.ok(
      said.some((s) => /^invalid-record@5: Row could not be read as CSV: /.test(s)),
      said.join('\n'),
    );
  });

  it('a CSV line with mixed quoting (several quote errors) is one unreadable row; the rows after it keep their numbers', async () => {
    const lines = toCsv(alpacaRows().slice(0, 2)).trimEnd().split('\n');
    lines.push('He said "hi" and "bye" there,x,y');
    lines.push('Say hi.,,Hi.');
    const report = await check('mixed-quotes.csv', `${lines.join('\n')}\n`);
    const said = problems(report);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^invalid-record@3: Row could not be read as CSV: Invalid Opening Quote/);
    const short = report.findings.find((f) => f.code === 'too-short');
    assert.equal(short?.cell.row, 4, 'the short answer after the bad line is row 4');
  });
});
