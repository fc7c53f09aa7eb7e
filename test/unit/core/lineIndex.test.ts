import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/dataset/lineIndex';
import { bufferReader } from '../../../src/core/dataset/randomAccessReader';
import type { RandomAccessReader } from '../../../src/core/dataset/randomAccessReader';

const encode = (s: string) => new TextEncoder().encode(s);

async function rows(text: string | Uint8Array, reader?: (b: Uint8Array) => RandomAccessReader): Promise<string[]> {
  const bytes = typeof text === 'string' ? encode(text) : text;
  const index = await LineIndex.build((reader ?? bufferReader)(bytes));
  const out: string[] = [];
  for (let r = 0; r < index.rowCount; r++) {
    const { start, end } = index.rowRange(r);
    out.push(new TextDecoder().decode(bytes.subarray(start, end)));
  }
  return out;
}

/** A reader that returns at most `n` bytes a call, to exercise chunk boundaries. */
const tinyReads = (n: number) => (bytes: Uint8Array): RandomAccessReader => {
  const inner = bufferReader(bytes);
  return { size: () => inner.size(), read: (offset, target) => inner.read(offset, target.subarray(0, n)) };
};

describe('LineIndex', () => {
  it('indexes non-blank lines, with or without a final newline', async () => {
    assert.deepEqual(await rows('{"a":1}\n{"a":2}\n'), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(await rows('{"a":1}\n{"a":2}'), ['{"a":1}', '{"a":2}']);
  });

  it('skips blank and whitespace-only lines', async () => {
    assert.deepEqual(await rows('\n{"a":1}\n  \n\t\n{"a":2}\n\n'), ['{"a":1}', '{"a":2}']);
  });

  it('drops CR of CRLF line ends, also across read boundaries', async () => {
    assert.deepEqual(await rows('{"a":1}\r\n{"b":2}\r\n'), ['{"a":1}', '{"b":2}']);
    assert.deepEqual(await rows('{"a":1}\r\n{"b":2}\r\n', tinyReads(1)), ['{"a":1}', '{"b":2}']);
    assert.deepEqual(await rows('{"a":1}\r'), ['{"a":1}']);
  });

  it('leaves a UTF-8 BOM out of the first row', async () => {
    assert.deepEqual(await rows('\ufeff{"a":1}\n{"a":2}'), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(await rows('\ufeff\n{"a":1}'), ['{"a":1}']);
  });

  it('keeps multi-byte text intact and gives exact byte offsets', async () => {
    const text = '{"q":"你好"}\n{"q":"😀"}\n';
    assert.deepEqual(await rows(text, tinyReads(3)), ['{"q":"你好"}', '{"q":"😀"}']);
    const index = await LineIndex.build(bufferReader(encode(text)));
    assert.deepEqual(index.rowRange(1), { start: encode('{"q":"你好"}\n').length, end: encode(text).length - 1 });
  });

  it('grows past its initial capacity', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `{"i":${i}}`).join('\n');
    const all = await rows(many);
    assert.equal(all.length, 5000);
    assert.equal(all[4999], '{"i":4999}');
  });

  it('rejects rows outside the index and stops when aborted', async () => {
    const index = await LineIndex.build(bufferReader(encode('{}\n')));
    assert.throws(() => index.rowRange(1), RangeError);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(LineIndex.build(bufferReader(encode('{}\n')), { signal: controller.signal }));
  });

  it('reports an empty file as zero rows', async () => {
    assert.deepEqual(await rows(''), []);
  });
});
