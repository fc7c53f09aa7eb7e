import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from './analyzeHelper';

describe('the dataset engine on bad input', () => {
  it('reports a malformed line and still analyses the rest', async () => {
    const report = await analyze(
      '{"instruction": "Hi", "output": "Hello! How are you today?"}\n{"instruction": "Oops", "output": \n{"instruction": "Bye", "output": "Ok."}\n',
    );
    assert.deepEqual(recordsWith(report, 'malformed-json'), [2]);
    assert.match(messagesOf(report, 'malformed-json')[0], /^Not valid JSON: /);
    assert.deepEqual(findingsOf(report, 'malformed-json')[0].range.start.line, 1);
    assert.deepEqual(recordsWith(report, 'too-short'), [3]);
    assert.equal(report.summary.records, 3);
  });

  it('calls a binary file what it is and stops', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x00, 0x01, 0x02, 0xff, 0x00, 0x7d, 0x0a]);
    const report = await analyze(bytes);
    assert.deepEqual(
      report.findings.map((f) => f.code),
      ['not-a-dataset'],
    );
    assert.match(messagesOf(report, 'not-a-dataset')[0], /binary file/);
  });

  it('reports invalid UTF-8 and still analyses the record', async () => {
    const good = new TextEncoder().encode('{"instruction": "Say');
    const rest = new TextEncoder().encode(' hi", "output": "Hi."}\n');
    const bytes = new Uint8Array([...good, 0xc3, 0x28, ...rest]);
    const report = await analyze(bytes);
    assert.deepEqual(recordsWith(report, 'invalid-encoding'), [1]);
    assert.deepEqual(recordsWith(report, 'too-short'), [1]);
  });

  it('handles a 10 MB line', async () => {
    const report = await analyze([alpaca('x '.repeat(5 * 1024 * 1024)), alpaca('A normal answer of fine length.')]);
    assert.equal(report.summary.records, 2);
    assert.deepEqual(recordsWith(report, 'too-long'), [1]);
    assert.deepEqual(recordsWith(report, 'low-unique-ratio'), [1]);
  });

  it('reports an empty file, a blank file and an empty array', async () => {
    for (const content of ['', '\n \n', '[]', '[\n]\n']) {
      const report = await analyze(content);
      assert.deepEqual(
        report.findings.map((f) => f.code),
        ['not-a-dataset'],
        JSON.stringify(content),
      );
      assert.equal(report.summary.records, 0);
    }
  });

  it('turns a record nested thousands deep into a finding and checks the rest', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const report = await analyze(
      `${JSON.stringify(alpaca('A normal answer of fine length.'))}\n{"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "Hello there, friend!"}], "tools": ${deep}}\n{"instruction": "x", "output": "Hi {{name}}, welcome here.", "meta": ${deep}}\n${JSON.stringify(alpaca('Ok.'))}\n`,
    );
    assert.equal(report.summary.records, 4);
    assert.deepEqual(recordsWith(report, 'invalid-record'), [2]);
    assert.match(findingsOf(report, 'invalid-record')[0].message, /nested too deeply/);
    assert.deepEqual(recordsWith(report, 'template-placeholder'), [3]);
    assert.deepEqual(recordsWith(report, 'too-short'), [4]);
  });

  it('names UTF-16 as UTF-16, not as binary', async () => {
    for (const bytes of [
      new Uint8Array([0xff, 0xfe, ...Buffer.from('{"output": "hi"}\n', 'utf16le')]),
      new Uint8Array(Buffer.from('{"instruction": "hi", "output": "Hello there."}\n', 'utf16le')),
    ]) {
      const report = await analyze(bytes);
      assert.deepEqual(
        report.findings.map((f) => f.code),
        ['not-a-dataset'],
      );
      assert.match(report.findings[0].message, /encoded as UTF-16/);
    }
  });

  it('counts a category named __proto__ like any other', async () => {
    const report = await analyze([
      { ...alpaca('A normal answer of fine length.'), category: '__proto__' },
      { ...alpaca('Another answer of fine length.'), category: 'math' },
    ]);
    assert.deepEqual(Object.entries(report.summary.mix.categories), [
      ['__proto__', 1],
      ['math', 1],
    ]);
  });

  it('treats __proto__ and constructor keys as plain data', async () => {
    const report = await analyze(
      '{"__proto__": {"polluted": true}, "instruction": "Hi", "output": "Hello there, friend."}\n{"constructor": "x", "conversations": [{"from": "__proto__", "value": "x"}]}\n',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(report.summary.records, 2);
    assert.deepEqual(recordsWith(report, 'role-order'), [2]);
  });

  it('recognises a single JSON object as not a dataset', async () => {
    const report = await analyze('{\n  "alpaca_en_demo": {\n    "file_name": "alpaca_en_demo.json"\n  }\n}\n');
    assert.deepEqual(
      report.findings.map((f) => f.code),
      ['not-a-dataset'],
    );
    assert.match(messagesOf(report, 'not-a-dataset')[0], /one JSON object/);
  });

  it('reports an unclosed array and content after the array', async () => {
    const unclosed = await analyze('[\n  {"instruction": "Hi", "output": "Hello there, friend."},\n  {"instruction": "Bye", "output"');
    assert.ok(messagesOf(unclosed, 'malformed-json').some((m) => m.includes('not closed')));
    assert.equal(unclosed.summary.records, 2);
    const trailing = await analyze('[{"instruction": "Hi", "output": "Hello there, friend."}]\n{"x": 1}\n');
    assert.ok(messagesOf(trailing, 'malformed-json').some((m) => m.includes('after the end')));
  });

  it('reads JSONL content in a .json file, a BOM and CRLF', async () => {
    const report = await analyze('\ufeff{"instruction": "Hi", "output": "Hello there, friend."}\r\n{"instruction": "Bye", "output": "Ok."}\r\n');
    assert.equal(report.summary.container, 'lines');
    assert.equal(report.summary.records, 2);
    assert.deepEqual(findingsOf(report, 'too-short')[0].range.start, { line: 1, column: 33 });
  });
});
