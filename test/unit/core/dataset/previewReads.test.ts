import * as assert from 'node:assert/strict';
import { forEachRecordText } from '../../../../src/core/dataset/preview/pageReader';
import { RecordIndex } from '../../../../src/core/dataset/preview/recordIndex';
import { searchRecords } from '../../../../src/core/dataset/preview/searchRecords';
import { bytesSource } from '../../../../src/core/dataset/reading/byteSource';
import type { ByteSource } from '../../../../src/core/dataset/reading/byteSource';

/** The previewer's reads go through the one byte-access interface, ByteSource. */
describe('previewer reads over a ByteSource', () => {
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ instruction: i === 250 ? 'Needle 你好' : `row ${i}`, output: 'x' }));
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');

  async function indexed(source: ByteSource): Promise<RecordIndex> {
    const index = new RecordIndex();
    await index.build(source);
    return index;
  }

  it('reads the text of scattered records in one pass, in row order', async () => {
    const source = bytesSource('t', bytes);
    const index = await indexed(source);
    const seen: Array<[number, string | undefined]> = [];
    await forEachRecordText(source, index, [250, 3, 0, 9999], (row, text) => seen.push([row, text]));
    assert.deepEqual(seen, [
      [0, lines[0]],
      [3, lines[3]],
      [250, lines[250]],
    ]);
  });

  it('says a record is missing when the file is shorter than the index (changed on disk)', async () => {
    const index = await indexed(bytesSource('t', bytes));
    const shorter = bytesSource('t', bytes.subarray(0, index.record(100).byteStart));
    const seen: Array<[number, string | undefined]> = [];
    await forEachRecordText(shorter, index, [99, 100], (row, text) => seen.push([row, text]));
    assert.deepEqual(seen, [
      [99, lines[99]],
      [100, undefined],
    ]);
  });

  it('searches the raw text, case-insensitively unless asked', async () => {
    const source = bytesSource('t', bytes);
    const index = await indexed(source);
    const hits: number[] = [];
    assert.deepEqual(await searchRecords(source, index, 'needle', { onHits: (rows) => hits.push(...rows) }), { hits: 1, complete: true });
    assert.deepEqual(hits, [250]);
    assert.deepEqual(await searchRecords(source, index, 'needle', { caseSensitive: true, onHits: () => undefined }), { hits: 0, complete: true });
  });
});
