import * as assert from 'node:assert/strict';
import { hashRecordText, hashRecordValue, recordHashes } from '../../../../../src/core/dataset/review/contentHash';
import { drawSample, sampleSize } from '../../../../../src/core/dataset/review/reviewSample';
import { bytesSource } from '../../../../../src/core/dataset/reading/byteSource';

const records = Array.from({ length: 300 }, (_, i) => ({ instruction: `Question ${i}`, output: `答案 ${i}` }));
const hashes = records.map((r) => hashRecordValue(r));

describe('review sample', () => {
  it('is the same for the same seed and different for another seed', () => {
    const a = drawSample(hashes, 0.3, 42);
    assert.deepEqual(drawSample(hashes, 0.3, 42), a);
    const b = drawSample(hashes, 0.3, 43);
    assert.notDeepEqual(b, a);
    assert.deepEqual(
      a,
      [...a].sort((x, y) => x - y),
      'in file order',
    );
  });

  it('draws exactly the share (rounded, at least one record of a non-empty file)', () => {
    assert.equal(drawSample(hashes, 0.3, 7).length, 90);
    assert.equal(new Set(drawSample(hashes, 0.3, 7)).size, 90);
    assert.equal(drawSample(hashes.slice(0, 3), 0.1, 7).length, 1);
    assert.equal(drawSample([], 0.3, 7).length, 0);
    assert.equal(sampleSize(10, 1), 10);
    assert.equal(sampleSize(10, 0), 0);
  });

  it('spreads over the file rather than taking its start', () => {
    const sample = drawSample(hashes, 0.3, 1);
    const firstHalf = sample.filter((i) => i < 150).length;
    assert.ok(firstHalf > 25 && firstHalf < 65, `${firstHalf} of 90 in the first half`);
  });

  it('picks the same records when the file is reordered or other records are added', () => {
    const chosen = new Set(drawSample(hashes, 0.3, 9).map((i) => hashes[i]));
    const reversed = [...hashes].reverse();
    assert.deepEqual(new Set(drawSample(reversed, 0.3, 9).map((i) => reversed[i])), chosen);
    // Ten more records: the larger sample keeps every record of the smaller one.
    const grown = [...hashes, ...Array.from({ length: 10 }, (_, i) => hashRecordValue({ extra: i }))];
    const grownChosen = new Set(drawSample(grown, 0.3, 9).map((i) => grown[i]));
    for (const hash of chosen) assert.ok(grownChosen.has(hash));
  });
});

describe('record content hash', () => {
  it('ignores the spacing of the JSON, not its content', () => {
    assert.equal(hashRecordText('{"a": 1,  "b": [1, 2]}'), hashRecordText('{"a":1,"b":[1,2]}'));
    assert.equal(hashRecordText('{"a":1}'), hashRecordValue({ a: 1 }));
    assert.notEqual(hashRecordText('{"a":1}'), hashRecordText('{"a":2}'));
    assert.match(hashRecordText('not json'), /^[0-9a-f]{16}$/);
  });

  it('hashes every record of JSON Lines and of a JSON array alike', async () => {
    const lines = '{"q":"一"}\n{"q":"two"}\n';
    const array = '[\n  {"q": "一"},\n  {"q": "two"}\n]\n';
    const enc = new TextEncoder();
    const fromLines = await recordHashes(bytesSource('a.jsonl', enc.encode(lines)));
    assert.equal(fromLines.length, 2);
    assert.deepEqual(await recordHashes(bytesSource('a.json', enc.encode(array))), fromLines);
    assert.equal(fromLines[0], hashRecordValue({ q: '一' }));
  });
});
