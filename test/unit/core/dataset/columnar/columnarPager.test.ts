import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { openPager } from '../../../../../src/core/dataset/columnar/columnarPager';
import type { PageRead } from '../../../../../src/core/dataset/columnar/columnarPager';
import { ColumnarReadError } from '../../../../../src/core/dataset/columnar/columnarSchema';
import { renderMessage } from '../../../../../src/shared/findings';
import { alpacaParquet, alpacaRows, chatArrow, chatRows, toCsv } from './columnarFixtures';

const dir = mkdtempSync(join(tmpdir(), 'tunelab-pager-'));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function said(page: PageRead): string[] {
  return page.problems.map((p) => `${p.row ?? 0}: ${renderMessage(p)}`);
}

async function pageOf(path: string, start: number, count: number): Promise<PageRead> {
  const pager = await openPager(path);
  try {
    return await pager.read(start, count);
  } finally {
    await pager.close();
  }
}

describe('columnar previewer: pages of rows on demand', function () {
  this.timeout(30_000);

  it('Parquet: schema and row count from the footer, and a later page reads only its row group', async () => {
    const bytes = alpacaParquet(alpacaRows(), 'SNAPPY', 5);
    const path = file('alpaca.parquet', bytes);
    const reads: Array<[number, number]> = [];
    const pager = await openPager(path, { onRead: (s, e) => reads.push([s, e]) });
    try {
      assert.equal(pager.access, 'random');
      assert.equal(pager.schema.rows, 12);
      assert.equal(pager.schema.groups, 3);
      assert.deepEqual(
        pager.schema.columns.map((c) => c.name),
        ['instruction', 'input', 'output'],
      );
      const footerReads = reads.length;
      assert.ok(footerReads > 0, 'the footer was read');
      reads.length = 0;
      const page = await pager.read(10, 5);
      assert.deepEqual(
        page.rows.map((r) => r.row),
        [11, 12],
      );
      assert.deepEqual(
        page.rows.map((r) => r.record),
        alpacaRows().slice(10),
      );
      assert.equal(page.end, true);
      // Every byte read for the page lies in the third row group's column chunks.
      const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const spans = metadata.row_groups[2].columns.map((c) => {
        const m = c.meta_data!;
        const from = Number(m.dictionary_page_offset ?? m.data_page_offset);
        return [from, from + Number(m.total_compressed_size)];
      });
      assert.ok(reads.length > 0);
      // hyparquet may read a group's chunks in one range: the group's span, from its first chunk to its last.
      const from = Math.min(...spans.map(([f]) => f));
      const to = Math.max(...spans.map(([, t]) => t));
      for (const [s, e] of reads) assert.ok(s >= from && e <= to, `read ${s}-${e} is outside row group 3 (${from}-${to})`);
      const first = await pager.read(0, 3);
      assert.deepEqual(
        first.rows.map((r) => r.record),
        alpacaRows().slice(0, 3),
      );
      assert.equal(first.end, false);
    } finally {
      await pager.close();
    }
  });

  it('Parquet: a corrupt page costs the page its row group, the other pages read; an unsupported codec says so', async () => {
    const bytes = alpacaParquet(alpacaRows(), 'SNAPPY', 5);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const corrupt = Uint8Array.from(bytes);
    const offset = Number(metadata.row_groups[0].columns[0].meta_data?.data_page_offset);
    corrupt.fill(0xff, offset, offset + 12);
    const path = file('corrupt.parquet', corrupt);
    const broken = await pageOf(path, 0, 8);
    assert.match(said(broken)[0], /^1: Rows 1 to 5 could not be read: /);
    assert.deepEqual(
      broken.rows.map((r) => r.row),
      [6, 7, 8],
    );
    const lzo = parquetWriteBuffer({
      columnData: [{ name: 'text', data: ['Some text long enough to read.'] }],
      codec: 'LZO',
      compressors: { LZO: (input: Uint8Array) => input },
    });
    assert.deepEqual(said(await pageOf(file('lzo.parquet', new Uint8Array(lzo)), 0, 10)), [
      '1: Rows 1 to 1 could not be read: parquet unsupported compression codec: LZO.',
    ]);
  });

  it('Parquet with its footer cut off cannot be opened, and says why', async () => {
    const bytes = alpacaParquet(alpacaRows());
    await assert.rejects(
      openPager(file('cut.parquet', bytes.subarray(0, bytes.length - 30))),
      (e) => e instanceof ColumnarReadError && e.template === 'Parquet file cut short: its footer (which lists the row groups) is missing.',
    );
  });

  it('Arrow IPC file: record batches through the footer, in any order', async () => {
    const path = file('chat.arrow', chatArrow(chatRows(), 'file', 3));
    const pager = await openPager(path);
    try {
      assert.equal(pager.access, 'random');
      assert.equal(pager.schema.groups, 3);
      const late = await pager.read(6, 3);
      assert.deepEqual(
        late.rows.map((r) => r.record),
        chatRows().slice(6),
      );
      assert.equal(late.end, true);
      assert.equal(pager.schema.rows, 8);
      const early = await pager.read(2, 2);
      assert.deepEqual(
        early.rows.map((r) => r.row),
        [3, 4],
      );
    } finally {
      await pager.close();
    }
  });

  it('Arrow stream: read in order, paging back starts again; a cut stream says where it stops', async () => {
    const stream = chatArrow(chatRows(), 'stream', 3);
    const pager = await openPager(file('chat-stream.arrow', stream));
    try {
      assert.equal(pager.access, 'sequential');
      assert.equal(pager.schema.rows, undefined, 'a stream has no row count until it is read');
      assert.deepEqual(
        (await pager.read(4, 2)).rows.map((r) => r.row),
        [5, 6],
      );
      assert.deepEqual(
        (await pager.read(6, 5)).rows.map((r) => r.record),
        chatRows().slice(6),
      );
      assert.equal(pager.schema.rows, 8);
      assert.deepEqual(
        (await pager.read(0, 2)).rows.map((r) => r.record),
        chatRows().slice(0, 2),
      );
    } finally {
      await pager.close();
    }
    const cut = await pageOf(file('cut-stream.arrow', stream.subarray(0, Math.floor(stream.length * 0.6))), 0, 10);
    assert.deepEqual(
      cut.rows.map((r) => r.row),
      [1, 2, 3],
    );
    assert.match(said(cut)[0], /^4: Rows from 4 on could not be read: /);
    assert.equal(cut.end, true);
  });

  it('CSV: ragged rows are shown by position and named; a stray or unclosed quote is named and reading goes on', async () => {
    const lines = toCsv(alpacaRows().slice(0, 4)).trimEnd().split('\n');
    lines[2] = `${lines[2]},extra`;
    lines[3] = 'Say hi.,';
    lines.push('He said "hi" there,x,y');
    lines.push('Last question here?,,A complete answer to the last question.');
    lines.push('A "quoted" word inside,x,"an open quote never closed');
    const page = await pageOf(file('ragged.csv', `${lines.join('\n')}\n`), 0, 20);
    const text = said(page);
    // A line with several quoting errors is one row with one problem, so the rows after it keep their numbers.
    assert.equal(text.length, 4, text.join('\n'));
    assert.ok(text.includes('2: Row has 4 fields where the header has 3.'), text.join('\n'));
    assert.ok(text.includes('3: Row has 2 fields where the header has 3.'), text.join('\n'));
    assert.ok(
      text.some((t) => /^5: Row could not be read as CSV: /.test(t)),
      text.join('\n'),
    );
    assert.ok(page.rows.some((r) => r.row === 6 && r.record.output === 'A complete answer to the last question.'));
    assert.match(text[3], /^7: Row could not be read as CSV: /);
    assert.equal(page.end, true);
  });
});
