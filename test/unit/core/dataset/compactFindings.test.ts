import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CompactFindings } from '../../../../src/core/dataset/analysis/compactFindings';
import { reportFindings } from '../../../../src/core/dataset/analysis/datasetReport';
import { RecordPlaces } from '../../../../src/core/dataset/analysis/recordPlaces';
import type { Finding, FindingData } from '../../../../src/shared/findings';
import { compareFindings } from '../../../../src/shared/findings';
import { analyze } from './analyzeHelper';

/** Four JSON Lines records, 20 bytes each, the first line of each ending at column 18. */
function places(): RecordPlaces {
  return new RecordPlaces({
    container: 'lines',
    lines: Int32Array.from([0, 1, 2, 3]),
    columns: Int32Array.from([0, 0, 0, 0]),
    endLines: Int32Array.from([0, 1, 2, 3]),
    endColumns: Int32Array.from([19, 19, 19, 19]),
    headEnds: Int32Array.from([18, 18, 18, 18]),
    byteStarts: Float64Array.from([0, 20, 40, 60]),
    byteLengths: Uint32Array.from([19, 19, 19, 19]),
  });
}

const at = (line: number, column: number) => ({ line, column });
const recordData = (p: RecordPlaces, index: number): FindingData => ({
  recordRange: { start: p.recordStart(index), end: p.recordEnd(index) },
  container: 'lines',
  byteStart: p.byteStarts.get(index),
  byteEnd: p.byteStarts.get(index) + p.byteLengths.get(index),
});

/** Findings in every shape the engine makes (worker, sink.record, sink.link, sink.file) and some it never makes. */
function findings(p: RecordPlaces): Finding[] {
  const link = [{ record: 1, range: p.headRange(0), message: 'Record {0} is repeated here.', args: [1] }];
  return [
    {
      code: 'too-short',
      severity: 'info',
      record: 3,
      range: { start: at(2, 12), end: at(2, 15) },
      message: 'Response is {0} characters long, under the minimum of {1}.',
      args: [3, 10],
      data: { ...recordData(p, 2), field: 'output', measured: 3, threshold: 10 },
    },
    {
      code: 'exact-duplicate',
      severity: 'warning',
      record: 4,
      range: p.headRange(3),
      message: 'Same content as record {0}.',
      args: [1],
      related: link,
      data: { ...recordData(p, 3), twin: 1, similarity: 1, ...p.neighbours(3) },
    },
    {
      code: 'exact-duplicate',
      severity: 'warning',
      record: 2,
      range: p.headRange(1),
      message: 'Same content as record {0}.',
      args: [1],
      related: link,
      data: { ...recordData(p, 1), twin: 1, similarity: 1, threshold: 0.9, ...p.neighbours(1) },
    },
    {
      code: 'pii',
      severity: 'warning',
      record: 1,
      range: { start: at(0, 3), end: at(0, 9) },
      message: 'Looks like {0}: {1}',
      args: ['an email address', 'a@b.c'],
      related: undefined,
      data: { ...recordData(p, 0), field: 'output', detail: { kind: 'email', term: '用户' } },
    },
    {
      code: 'mixed-formats',
      severity: 'info',
      record: 0,
      range: { start: at(0, 0), end: at(0, 1) },
      message: 'Records are in {0} formats.',
      args: [2],
      data: {},
      related: [
        { record: 2, range: p.headRange(1), message: 'First {0} record.', args: ['sharegpt'] },
        { record: 3, range: p.headRange(2), message: 'First {0} record.', args: ['alpaca'] },
      ],
    },
    // not what the engine makes: a record range of its own, odd numbers, hundreds of arguments
    {
      code: 'malformed-json',
      severity: 'error',
      record: 2,
      range: { start: at(1, 4), end: at(1, 5) },
      message: 'Not valid JSON: {0}',
      args: ['Unexpected token'],
      data: { recordRange: { start: at(1, 1), end: at(1, 19) }, container: 'lines', measured: Number.NaN, similarity: -0, byteStart: 21 },
    },
    {
      code: 'invalid-record',
      severity: 'error',
      record: 3,
      range: { start: at(2, 0), end: at(2, 1) },
      message: '{0}',
      args: Array.from({ length: 300 }, (_, i) => i),
      data: { detail: { nested: Number.POSITIVE_INFINITY } },
    },
  ];
}

describe('compact findings', () => {
  it('give back every finding equal to the one pushed, in the finding order, with neighbours once every record is located', () => {
    const p = places();
    const store = new CompactFindings(p);
    const pushed = findings(p);
    for (const f of pushed) store.push(structuredClone(f));
    store.addNeighbours();
    store.sort(p);
    assert.equal(store.keptWhole, 1, 'only the finding with 300 arguments (and an infinite number in its detail) is kept as an object');
    const expected = [...pushed].sort(compareFindings).map((f) => {
      const copy = structuredClone(f);
      if (copy.record > 0 && !('previousEnd' in copy.data)) Object.assign(copy.data, p.neighbours(copy.record - 1));
      return copy;
    });
    assert.deepStrictEqual([...store], expected);
    assert.deepStrictEqual(store.toArray(), expected);
    assert.deepStrictEqual(
      expected.map((_, k) => [store.codeAt(k), store.recordAt(k), store.severityAt(k)]),
      expected.map((f) => [f.code, f.record, f.severity]),
    );
    const shared = store.toArray().filter((f) => f.code === 'exact-duplicate');
    assert.equal(shared[0].related, shared[1].related, 'one related list per linked record, as the engine shares it');
    assert.throws(() => store.push(pushed[0]), /sorted/);
  });

  it('leave record findings without neighbours until asked to add them', () => {
    const p = places();
    const store = new CompactFindings(p);
    const f = findings(p)[0];
    store.push(structuredClone(f));
    store.sort();
    assert.deepStrictEqual(store.at(0), f);
  });

  it('are what the engine reports: streamed one at a time, equal to the list built for the editor', async () => {
    const records = [
      { instruction: 'Say hi', output: 'Hi.' },
      { instruction: 'Explain how the model learns from a varied set of examples', output: 'It adjusts its weights to predict each answer better.' },
      { instruction: 'Say hi', output: 'Hi.' },
      { instruction: 'Mail me', output: 'Write to someone@example.com for the details of the order.' },
    ];
    const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n{"instruction": broken\n`;
    const report = await analyze(text);
    assert.ok(report.compactFindings, 'the engine keeps its findings in columns');
    const streamed = [...reportFindings(report)];
    assert.ok(streamed.some((f) => f.code === 'exact-duplicate' && f.related?.[0].record === 1));
    assert.ok(streamed.some((f) => f.code === 'malformed-json' && f.record === 5));
    assert.deepStrictEqual(streamed, report.findings);
    assert.deepStrictEqual([...report.findings].sort(compareFindings), report.findings);
    // what the analysis session sends to the extension host: the list, not the columns
    const sent = structuredClone({ ...report });
    assert.deepStrictEqual(sent.findings, report.findings);
    assert.equal('compactFindings' in sent, false);
  });

  it('let 120,000 findings be analysed and streamed in a 64 MB heap (as objects they needed about 640 bytes each and ran out)', function () {
    this.timeout(120_000);
    const root = join(__dirname, '..', '..', '..', '..', 'src', 'core', 'dataset');
    const script = `
      const { analyzeDataset } = require(${JSON.stringify(join(root, 'analysis', 'analyzeDataset'))});
      const { reportFindings } = require(${JSON.stringify(join(root, 'analysis', 'datasetReport'))});
      const { bytesSource } = require(${JSON.stringify(join(root, 'reading', 'byteSource'))});
      const { analysisOptionsFrom } = require(${JSON.stringify(join(root, 'analysisOptions'))});
      const { defaultSettings } = require(${JSON.stringify(join(root, '..', 'settings', 'settings'))});
      const parts = [];
      for (let i = 0; i < 120000; i++) parts.push('{"instruction":"Question ' + i + ' about item ' + ((i * 7919) % 100003) + ' in set ' + ((i * 104729) % 99991) + '?","output":"Ok."}\\n');
      const bytes = Buffer.from(parts.join(''));
      parts.length = 0;
      analyzeDataset(bytesSource('many.jsonl', bytes), { threads: 0, analysis: analysisOptionsFrom(defaultSettings()) }).then((report) => {
        let tooShort = 0;
        for (const f of reportFindings(report)) if (f.code === 'too-short' && f.data.field === 'output') tooShort++;
        process.stdout.write(String(tooShort));
      });`;
    const run = spawnSync(process.execPath, ['--max-old-space-size=64', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr.split('\n').slice(0, 5).join('\n'));
    assert.equal(run.stdout, '120000');
  });
});
