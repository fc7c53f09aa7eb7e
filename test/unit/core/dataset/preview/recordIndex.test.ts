import * as assert from 'node:assert/strict';
import type { IndexProgress } from '../../../../../src/core/dataset/preview/recordIndex';
import { RecordIndex } from '../../../../../src/core/dataset/preview/recordIndex';
import type { ByteSource } from '../../../../../src/core/dataset/reading/byteSource';

const encode = (s: string) => new TextEncoder().encode(s);

/** A source that hands out `chunk` bytes at a time, to put chunk boundaries everywhere. */
function chunkedSource(text: string, chunk = 1 << 20): ByteSource & { bytes: Uint8Array } {
  const bytes = encode(text);
  return {
    name: 'test.jsonl',
    bytes,
    ownsChunks: false,
    size: () => Promise.resolve(bytes.length),
    async *chunks(signal) {
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        signal?.throwIfAborted();
        await Promise.resolve();
        yield bytes.subarray(offset, offset + chunk);
      }
    },
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
    close: () => Promise.resolve(),
  };
}

async function indexOf(text: string, chunk?: number): Promise<{ index: RecordIndex; texts: string[] }> {
  const source = chunkedSource(text, chunk);
  const index = new RecordIndex();
  await index.build(source);
  const texts = Array.from({ length: index.count }, (_, row) => {
    const { byteStart, byteEnd } = index.record(row);
    return new TextDecoder().decode(source.bytes.subarray(byteStart, byteEnd));
  });
  return { index, texts };
}

describe('RecordIndex', () => {
  it('indexes JSON Lines: one row per non-blank line, CR of CRLF dropped, at every chunk size', async () => {
    const text = '{"a":1}\r\n\n  \n{"a":"二"}\n{"a":3}';
    for (const chunk of [1, 2, 3, 7, 1 << 20]) {
      const { index, texts } = await indexOf(text, chunk);
      assert.equal(index.container, 'lines');
      assert.deepEqual(texts, ['{"a":1}', '{"a":"二"}', '{"a":3}'], `chunks of ${chunk}`);
      assert.deepEqual(
        [0, 1, 2].map((r) => index.record(r).line),
        [0, 3, 4],
      );
      assert.equal(index.done, true);
    }
  });

  it('indexes a JSON array: one row per element, with its line and column, at every chunk size', async () => {
    const text = '[\n  {"q": "a, [b]"},\n  {"q": "}\\"{"}, {"n": [1, 2]}\n]\n';
    for (const chunk of [1, 5, 1 << 20]) {
      const { index, texts } = await indexOf(text, chunk);
      assert.equal(index.container, 'array');
      assert.deepEqual(texts, ['{"q": "a, [b]"}', '{"q": "}\\"{"}', '{"n": [1, 2]}'], `chunks of ${chunk}`);
      assert.deepEqual(index.record(0), { byteStart: 4, byteEnd: 19, line: 1, column: 2 });
      assert.deepEqual([index.record(1).line, index.record(1).column, index.record(2).line, index.record(2).column], [2, 2, 2, 17]);
      assert.deepEqual(index.structure, []);
    }
  });

  it('counts bytes, not characters, in byte ranges', async () => {
    const { index } = await indexOf('{"t":"中文"}\n{"t":"x"}\n');
    assert.deepEqual(index.record(0), { byteStart: 0, byteEnd: 14, line: 0, column: 0 });
    assert.equal(index.record(1).byteStart, 15);
  });

  it('finds the row of a line: the last record starting on or before it', async () => {
    const { index } = await indexOf('[\n{"a":1},\n\n{"a":2}, {"a":3},\n{"a":4}\n]');
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 99].map((line) => index.rowAtLine(line)),
      [-1, 0, 0, 2, 3, 3, 3],
    );
    assert.equal(new RecordIndex().rowAtLine(0), -1);
  });

  it('refuses rows outside the index', async () => {
    const { index } = await indexOf('{"a":1}\n');
    assert.throws(() => index.record(1), RangeError);
    assert.throws(() => index.record(-1), RangeError);
  });

  it('reports a broken array as structure problems and keeps the records before the break', async () => {
    const { index, texts } = await indexOf('[{"a":1}, {"a":2}');
    assert.deepEqual(texts.slice(0, 1), ['{"a":1}']);
    assert.ok(index.structure.length > 0);
  });

  it('makes rows usable while it builds, and reports progress up to the whole file', async () => {
    const text = Array.from({ length: 50 }, (_, i) => `{"i":${i}}`).join('\n');
    const index = new RecordIndex();
    const seen: Array<IndexProgress & { done: boolean }> = [];
    await index.build(chunkedSource(text, 32), { onProgress: (p) => seen.push({ ...p, done: index.done }) });
    assert.ok(
      seen.some((p) => p.records > 0 && p.records < 50 && !p.done),
      'rows appear before the end',
    );
    for (let k = 1; k < seen.length; k++) assert.ok(seen[k].records >= seen[k - 1].records && seen[k].bytesScanned >= seen[k - 1].bytesScanned);
    const last = seen[seen.length - 1];
    assert.deepEqual(last, { bytesScanned: text.length, totalBytes: text.length, records: 50, done: true });
  });

  it('stops when aborted, and is then not done', async () => {
    const controller = new AbortController();
    const index = new RecordIndex();
    const text = Array.from({ length: 200 }, (_, i) => `{"i":${i}}`).join('\n');
    const build = index.build(chunkedSource(text, 16), { signal: controller.signal, onProgress: (p) => p.records >= 10 && controller.abort() });
    await assert.rejects(build);
    assert.equal(index.done, false);
    assert.ok(index.count >= 10 && index.count < 200);
  });
});
