import * as assert from 'node:assert/strict';
import { RecordScanner } from '../../../../src/core/dataset/reading/recordScanner';
import type { Container, ScannedRecord, StructureProblem } from '../../../../src/core/dataset/reading/recordScanner';

interface Scan {
  container?: Container;
  records: Array<ScannedRecord & { text: string }>;
  problems: StructureProblem[];
}

/** Scans `text` fed in chunks of `chunkSize` bytes. */
function scan(text: string | Uint8Array, chunkSize = 1 << 20): Scan {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const out: Scan = { records: [], problems: [] };
  const scanner = new RecordScanner({
    container: (c) => (out.container = c),
    record: (r, b) => out.records.push({ ...r, text: new TextDecoder().decode(b) }),
    structure: (p) => out.problems.push(p),
  });
  for (let i = 0; i < bytes.length; i += chunkSize) scanner.push(bytes.subarray(i, i + chunkSize));
  scanner.finish();
  return out;
}

const texts = (s: Scan) => s.records.map((r) => r.text);
const positions = (s: Scan) => s.records.map((r) => [r.line, r.column]);

describe('RecordScanner', () => {
  describe('JSON Lines', () => {
    it('finds one record per non-blank line with its line and column', () => {
      const s = scan('{"a":1}\n\n  {"b":2}\n{"c":3}');
      assert.equal(s.container, 'lines');
      assert.deepEqual(texts(s), ['{"a":1}', '{"b":2}', '{"c":3}']);
      assert.deepEqual(positions(s), [
        [0, 0],
        [2, 2],
        [3, 0],
      ]);
    });

    it('handles CRLF, a BOM and leading blank lines, in chunks of every size', () => {
      const text = '\ufeff\r\n\r\n{"a":"你好"}\r\n{"b":2}\r\n';
      for (const size of [1, 2, 3, 5, 64]) {
        const s = scan(text, size);
        assert.deepEqual(texts(s), ['{"a":"你好"}', '{"b":2}'], `chunk ${size}`);
        assert.deepEqual(
          positions(s),
          [
            [2, 0],
            [3, 0],
          ],
          `chunk ${size}`,
        );
      }
    });

    it('gives exact byte ranges', () => {
      const text = '{"a":"é"}\n{"b":2}\n';
      const s = scan(text, 3);
      const bytes = new TextEncoder().encode(text);
      for (const r of s.records) assert.equal(new TextDecoder().decode(bytes.subarray(r.byteStart, r.byteEnd)), r.text);
    });

    it('treats JSONL content in any file as lines, malformed lines included', () => {
      const s = scan('{"a":1}\nnot json\n{"b":');
      assert.equal(s.container, 'lines');
      assert.deepEqual(texts(s), ['{"a":1}', 'not json', '{"b":']);
    });

    it('keeps a 10 MB line whole', () => {
      const big = `{"output":"${'x'.repeat(10 * 1024 * 1024)}"}`;
      const s = scan(`{"a":1}\n${big}\n{"c":3}\n`, 1 << 20);
      assert.equal(s.records.length, 3);
      assert.equal(s.records[1].text.length, big.length);
      assert.deepEqual(positions(s)[2], [2, 0]);
    });

    it('finds nothing in an empty or blank file', () => {
      assert.deepEqual(scan('').records, []);
      assert.deepEqual(scan(' \n\n\t\n').records, []);
      assert.equal(scan('').container, undefined);
    });
  });

  describe('JSON array', () => {
    const pretty = '[\n  {\n    "q": "a, [b] {c}",\n    "n": [1, 2]\n  },\n  {"q": "\\"}"}\n]\n';

    it('finds each top-level element, whatever strings and nesting hold', () => {
      for (const size of [1, 2, 7, 1000]) {
        const s = scan(pretty, size);
        assert.equal(s.container, 'array');
        assert.deepEqual(texts(s), ['{\n    "q": "a, [b] {c}",\n    "n": [1, 2]\n  }', '{"q": "\\"}"}'], `chunk ${size}`);
        assert.deepEqual(positions(s), [
          [1, 2],
          [5, 2],
        ]);
        assert.deepEqual(s.problems, []);
      }
    });

    it('counts columns in UTF-16 units after multi-byte characters', () => {
      const s = scan('[{"a":"你"}, {"b":"😀"}, {"c":1}]');
      assert.deepEqual(positions(s), [
        [0, 1],
        [0, 12],
        [0, 24],
      ]);
    });

    it('reports primitives as records (to be flagged as invalid)', () => {
      assert.deepEqual(texts(scan('[1, "two", null , {"x":3}]')), ['1', '"two"', 'null', '{"x":3}']);
    });

    it('skips a BOM and leading blank lines', () => {
      const s = scan('\ufeff\n\n  [ {"a":1} ]');
      assert.deepEqual(texts(s), ['{"a":1}']);
      assert.deepEqual(positions(s), [[2, 4]]);
    });

    it('reports an array that never closes, keeping the records before', () => {
      const s = scan('[{"a":1}, {"b":2');
      assert.deepEqual(texts(s), ['{"a":1}', '{"b":2']);
      assert.equal(s.problems.length, 1);
      assert.match(s.problems[0].message, /not closed/);
    });

    it('reports content after the array once', () => {
      const s = scan('[{"a":1}]\n{"b":2}\n{"c":3}');
      assert.deepEqual(texts(s), ['{"a":1}']);
      assert.equal(s.problems.length, 1);
      assert.equal(s.problems[0].line, 1);
    });

    it('handles an empty array', () => {
      const s = scan('[]');
      assert.equal(s.container, 'array');
      assert.deepEqual(s.records, []);
      assert.deepEqual(s.problems, []);
    });
  });
});
