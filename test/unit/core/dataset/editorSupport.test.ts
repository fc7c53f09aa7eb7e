import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looksLikeDataset } from '../../../../src/core/dataset/detectDataset';
import { deletionRanges } from '../../../../src/core/dataset/edits/recordDeletion';
import { findIgnoreFile, ignoredCodes, parseIgnoreFile, severityWithIgnored, withIgnoredCode } from '../../../../src/core/dataset/ignoreFile';
import { analyze, findingsOf } from './analyzeHelper';

describe('looksLikeDataset', () => {
  it('recognises arrays of records and JSON Lines of records', () => {
    assert.equal(looksLikeDataset('[\n  {\n    "instruction": "x",\n    "output": "y"\n  }\n]'), true);
    assert.equal(looksLikeDataset('\ufeff{"conversations": []}\n{"conversations": []}\n'), true);
    assert.equal(looksLikeDataset('{"messages": [{"role": "user", "content": "hi"}]}'), true);
    assert.equal(looksLikeDataset('{"prompt": "cut off mid-rec\n{"prompt": "next"}'), true);
  });

  it('leaves other JSON alone', () => {
    assert.equal(looksLikeDataset('{\n  "name": "pkg",\n  "version": "1.0.0"\n}'), false);
    assert.equal(looksLikeDataset('{\n  "compilerOptions": {}\n}'), false);
    assert.equal(looksLikeDataset('[1, 2, 3]'), false);
    assert.equal(looksLikeDataset('["a", "b"]'), false);
    assert.equal(looksLikeDataset(''), false);
  });
});

describe('deletionRanges', () => {
  it('deletes JSON Lines records with their line breaks, merging neighbours', async () => {
    const report = await analyze(
      '{"instruction": "A", "output": "Ok."}\n{"instruction": "B", "output": "Ok."}\n{"instruction": "C", "output": "A fine answer."}\n{"instruction": "D", "output": "No."}\n',
    );
    const ranges = deletionRanges(findingsOf(report, 'too-short'));
    assert.deepEqual(ranges, [
      { start: { line: 0, column: 0 }, end: { line: 2, column: 0 } },
      { start: { line: 3, column: 0 }, end: { line: 4, column: 0 } },
    ]);
  });

  it('deletes array elements with the comma before them, or after the first one', async () => {
    const text =
      '[\n  {"instruction": "A", "output": "Ok."},\n  {"instruction": "B", "output": "A fine answer."},\n  {"instruction": "C", "output": "No."}\n]\n';
    const report = await analyze(text);
    const short = findingsOf(report, 'too-short');
    const apply = (ranges: ReturnType<typeof deletionRanges>) => {
      const lines = text.split('\n');
      const offset = (p: { line: number; column: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.column;
      let out = text;
      for (const r of [...ranges].sort((a, b) => offset(b.start) - offset(a.start))) out = out.slice(0, offset(r.start)) + out.slice(offset(r.end));
      return out;
    };
    assert.deepEqual(JSON.parse(apply(deletionRanges([short[0]]))), [
      { instruction: 'B', output: 'A fine answer.' },
      { instruction: 'C', output: 'No.' },
    ]);
    assert.deepEqual(JSON.parse(apply(deletionRanges([short[1]]))), [
      { instruction: 'A', output: 'Ok.' },
      { instruction: 'B', output: 'A fine answer.' },
    ]);
    assert.deepEqual(JSON.parse(apply(deletionRanges(short))), [{ instruction: 'B', output: 'A fine answer.' }]);
  });
});

describe('.tunelab-ignore.json', () => {
  it('adds codes per file, sorted, and reads them back', () => {
    const text = withIgnoredCode(parseIgnoreFile(withIgnoredCode(undefined, 'data/a.jsonl', 'too-long')), 'data/a.jsonl', 'pii');
    assert.deepEqual(JSON.parse(text), { version: 1, files: { 'data/a.jsonl': ['pii', 'too-long'] } });
    assert.deepEqual([...ignoredCodes(parseIgnoreFile(text), 'data/a.jsonl')], ['pii', 'too-long']);
    assert.deepEqual(severityWithIgnored({ 'too-short': 'error' as const }, new Set(['pii' as const])), { 'too-short': 'error', pii: 'off' });
  });

  it('is found in the dataset folder or above, with the dataset path relative to it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tunelab-ignore-'));
    mkdirSync(join(root, 'data', 'sub'), { recursive: true });
    writeFileSync(join(root, '.tunelab-ignore.json'), JSON.stringify({ version: 1, files: { 'data/sub/x.jsonl': ['pii'] } }));
    const found = await findIgnoreFile(join(root, 'data', 'sub', 'x.jsonl'));
    assert.equal(found?.relativePath, 'data/sub/x.jsonl');
    assert.deepEqual([...ignoredCodes(found?.ignore, found?.relativePath ?? '')], ['pii']);
    writeFileSync(join(root, 'data', '.tunelab-ignore.json'), '{ broken');
    await assert.rejects(findIgnoreFile(join(root, 'data', 'sub', 'x.jsonl')), /not valid JSON/);
  });
});
