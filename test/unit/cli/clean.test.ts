import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, workspace } from './cliHarness';

const a = { instruction: 'Name a primary colour.', input: '', output: 'Red is one of the primary colours.' };
const b = { instruction: 'Name a planet.', input: '', output: 'Mars is the fourth planet from the Sun.' };
const short = { instruction: 'Say hi.', input: '', output: 'Hi.' };

describe('tunelab clean', function () {
  this.timeout(30_000);

  it('drops flagged records, keeps the first of duplicates, and keeps lines byte for byte', async () => {
    const dir = workspace({ 'in.jsonl': '{"instruction": "Name a primary colour.", "input": "", "output": "Red is one of the primary colours."}\n{"instruction": "x", "output": \n' + `${JSON.stringify(b)}\n${JSON.stringify(a)}\n` });
    const run = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kept 2 of 4 records, dropped 2 \((malformed-json 1, exact-duplicate 1|exact-duplicate 1, malformed-json 1)\)/);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n');
    assert.deepEqual(lines, ['{"instruction": "Name a primary colour.", "input": "", "output": "Red is one of the primary colours."}', JSON.stringify(b), '']);
  });

  it('drops only the chosen codes, and writes a valid JSON array for array input', async () => {
    const dir = workspace({ 'in.json': [a, short, b] });
    const run = await cli(['clean', 'in.json', '-o', 'out.json', '--drop', 'too-short'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')), [a, b]);
    assert.match(readFileSync(join(dir, 'out.json'), 'utf8'), /^\[\n {2}\{\n {4}"instruction"/);
  });

  it('never overwrites the input, refuses an existing output without --force, leaves no temporary files', async () => {
    const dir = workspace({ 'in.jsonl': [a, a] });
    const before = readFileSync(join(dir, 'in.jsonl'), 'utf8');
    const same = await cli(['clean', 'in.jsonl', '-o', 'in.jsonl', '--force'], dir);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /refusing to overwrite the input/);
    assert.equal(readFileSync(join(dir, 'in.jsonl'), 'utf8'), before);
    writeFileSync(join(dir, 'out.jsonl'), 'keep me');
    const exists = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl'], dir);
    assert.equal(exists.code, 2);
    assert.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8'), 'keep me');
    assert.equal((await cli(['clean', 'in.jsonl', '-o', 'out.jsonl', '--force'], dir)).code, 0);
    assert.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8'), `${JSON.stringify(a)}\n`);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('rejects unknown codes and a missing -o', async () => {
    const dir = workspace({ 'in.jsonl': [a] });
    const unknown = await cli(['clean', 'in.jsonl', '-o', 'o.jsonl', '--drop', 'nonsense'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown finding code\(s\): nonsense/);
    assert.equal((await cli(['clean', 'in.jsonl'], dir)).code, 2);
  });
});
