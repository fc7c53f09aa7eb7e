import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordIndex } from '../../../../src/core/dataset/preview/recordIndex';
import { bytesSource, fileSource } from '../../../../src/core/dataset/reading/byteSource';
import type { ByteSource } from '../../../../src/core/dataset/reading/byteSource';

// The cases of the removed LineIndex (a JSON Lines-only index nothing but its tests used),
// held against the RecordIndex the previewer really uses.
const encode = (s: string) => new TextEncoder().encode(s);

/** A source that hands out at most `n` bytes a chunk, to put chunk boundaries everywhere. */
function tinyChunks(n: number) {
  return (bytes: Uint8Array): ByteSource => ({
    ...bytesSource('tiny', bytes),
    async *chunks() {
      for (let offset = 0; offset < bytes.length; offset += n) {
        await Promise.resolve();
        yield bytes.subarray(offset, offset + n);
      }
    },
  });
}

async function build(text: string, source: (b: Uint8Array) => ByteSource = (b) => bytesSource('t', b)): Promise<{ index: RecordIndex; rows: string[] }> {
  const bytes = encode(text);
  const index = new RecordIndex();
  await index.build(source(bytes));
  const rows: string[] = [];
  for (let r = 0; r < index.count; r++) {
    const { byteStart, byteEnd } = index.record(r);
    rows.push(new TextDecoder().decode(bytes.subarray(byteStart, byteEnd)));
  }
  return { index, rows };
}

describe('RecordIndex: record boundaries', () => {
  it('indexes the records of JSON Lines, with or without a final newline', async () => {
    assert.deepEqual((await build('{"a":1}\n{"a":2}\n')).rows, ['{"a":1}', '{"a":2}']);
    assert.deepEqual((await build('{"a":1}\n{"a":2}')).rows, ['{"a":1}', '{"a":2}']);
  });

  it('skips blank and whitespace-only lines', async () => {
    assert.deepEqual((await build('\n{"a":1}\n  \n\t\n{"a":2}\n\n')).rows, ['{"a":1}', '{"a":2}']);
  });

  it('leaves the CR of CRLF line ends out, also across chunk boundaries', async () => {
    assert.deepEqual((await build('{"a":1}\r\n{"b":2}\r\n')).rows, ['{"a":1}', '{"b":2}']);
    assert.deepEqual((await build('{"a":1}\r\n{"b":2}\r\n', tinyChunks(1))).rows, ['{"a":1}', '{"b":2}']);
  });

  it('leaves a UTF-8 BOM out of the first record', async () => {
    assert.deepEqual((await build('\ufeff{"a":1}\n{"a":2}')).rows, ['{"a":1}', '{"a":2}']);
    assert.deepEqual((await build('\ufeff{"a":1}', tinyChunks(2))).rows, ['{"a":1}']);
  });

  it('keeps multi-byte text intact and gives exact byte offsets, lines and columns', async () => {
    const text = '{"q":"你好"}\n{"q":"😀"}\n';
    assert.deepEqual((await build(text, tinyChunks(3))).rows, ['{"q":"你好"}', '{"q":"😀"}']);
    const { index } = await build(text);
    const second = index.record(1);
    assert.equal(second.byteStart, encode('{"q":"你好"}\n').length);
    assert.equal(second.byteEnd, encode(text).length - 1);
    assert.equal(second.line, 1);
    assert.equal(second.column, 0);
  });

  it('indexes the elements of a JSON array, whatever the chunking', async () => {
    const text = '[\n  {"a": 1},\n  {"a": [2, {"b": "]"}]}\n]\n';
    for (const source of [undefined, tinyChunks(1), tinyChunks(5)]) {
      const { index, rows } = await build(text, source);
      assert.deepEqual(rows, ['{"a": 1}', '{"a": [2, {"b": "]"}]}']);
      assert.equal(index.container, 'array');
      assert.deepEqual([index.record(1).line, index.record(1).column], [2, 2]);
    }
  });

  it('grows past its initial capacity and finds the row at a line', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `{"i":${i}}`).join('\n');
    const { index, rows } = await build(many);
    assert.equal(rows.length, 5000);
    assert.equal(rows[4999], '{"i":4999}');
    assert.equal(index.rowAtLine(4321), 4321);
    assert.equal(index.rowAtLine(99999), 4999);
  });

  it('rejects rows outside the index and stops when aborted', async () => {
    const { index } = await build('{}\n');
    assert.throws(() => index.record(1), RangeError);
    assert.equal(index.done, true);
    const dir = await mkdtemp(join(tmpdir(), 'tunelab-index-'));
    await writeFile(join(dir, 'a.jsonl'), '{}\n');
    const source = await fileSource(join(dir, 'a.jsonl'));
    try {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(new RecordIndex().build(source, { signal: controller.signal }));
    } finally {
      await source.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an empty file as zero records', async () => {
    const { index, rows } = await build('');
    assert.deepEqual(rows, []);
    assert.equal(index.done, true);
  });
});
