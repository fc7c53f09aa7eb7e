import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCleanedDataset } from '../../../src/core/dataset/clean/cleanDataset';
import { fileSource } from '../../../src/core/dataset/reading/byteSource';
import { cli, workspace } from './cliHarness';

const a = { instruction: 'Name a primary colour.', input: '', output: 'Red is one of the primary colours.' };
const b = { instruction: 'Name a planet.', input: '', output: 'Mars is the fourth planet from the Sun.' };
const short = { instruction: 'Say hi.', input: '', output: 'Hi.' };

describe('tunelab clean', function () {
  this.timeout(30_000);

  it('drops flagged records, keeps the first of duplicates, and keeps lines byte for byte', async () => {
    const dir = workspace({
      'in.jsonl':
        '{"instruction": "Name a primary colour.", "input": "", "output": "Red is one of the primary colours."}\n{"instruction": "x", "output": \n' +
        `${JSON.stringify(b)}\n${JSON.stringify(a)}\n`,
    });
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
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('refuses a clean that would drop most of the dataset, unless --force or a higher --max-drop', async () => {
    const endsOnUser = (q: string) => ({
      conversations: [
        { from: 'human', value: q },
        { from: 'gpt', value: 'A fine answer to that.' },
        { from: 'human', value: 'And then?' },
      ],
    });
    const dir = workspace({
      'in.jsonl': [
        endsOnUser('One?'),
        endsOnUser('Two?'),
        endsOnUser('Three?'),
        {
          conversations: [
            { from: 'human', value: 'Four?' },
            { from: 'gpt', value: 'Four is a number.' },
          ],
        },
      ],
      'strict.json': '{"tunelab.dataset.clean.maxDropShare": 0.2}',
    });
    const refused = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl'], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to write out\.jsonl: the chosen findings would drop 3 of 4 records \(75%\), more than 50% \(role-order 3\)/);
    assert.match(refused.stderr, /pass --force/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('out')),
      [],
      'nothing written',
    );
    const higher = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl', '--max-drop', '0.8'], dir);
    assert.equal(higher.code, 0, higher.stderr);
    assert.match(higher.stdout, /kept 1 of 4 records/);
    const forced = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl', '--force'], dir);
    assert.equal(forced.code, 0, forced.stderr);
    const fewer = workspace({ 'in.jsonl': [a, a, b], 'strict.json': '{"tunelab.dataset.clean.maxDropShare": 0.2}' });
    assert.equal((await cli(['clean', 'in.jsonl', '-o', 'out.jsonl'], fewer)).code, 0, 'one of three is under the default half');
    assert.equal((await cli(['clean', 'in.jsonl', '-o', 'out2.jsonl', '--config', 'strict.json'], fewer)).code, 2, 'the setting lowers the share');
    assert.equal((await cli(['clean', 'in.jsonl', '-o', 'out3.jsonl', '--max-drop', '2'], fewer)).code, 2, 'a share over 1 is a usage error');
  });

  it('writes only to regular files: refuses symbolic links, devices and FIFOs, and streams to standard output with -', async () => {
    const dir = workspace({ 'in.jsonl': [a, a, b], 'target.jsonl': 'keep me' });
    symlinkSync(join(dir, 'target.jsonl'), join(dir, 'link.jsonl'));
    const link = await cli(['clean', 'in.jsonl', '-o', 'link.jsonl', '--force'], dir);
    assert.equal(link.code, 2);
    assert.match(link.stderr, /link\.jsonl is a symbolic link/);
    assert.ok(lstatSync(join(dir, 'link.jsonl')).isSymbolicLink(), 'the link is still a link');
    assert.equal(readFileSync(join(dir, 'target.jsonl'), 'utf8'), 'keep me');
    const device = await cli(['clean', 'in.jsonl', '-o', '/dev/null', '--force'], dir);
    assert.equal(device.code, 2);
    assert.match(device.stderr, /not a regular file/);
    assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still a device');
    execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]);
    const fifo = await cli(['clean', 'in.jsonl', '-o', 'pipe.jsonl', '--force'], dir);
    assert.equal(fifo.code, 2);
    assert.match(fifo.stderr, /not a regular file/);
    const stdout = await cli(['clean', 'in.jsonl', '-o', '-'], dir);
    assert.equal(stdout.code, 0, stdout.stderr);
    assert.equal(stdout.stdout, `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
    assert.match(stdout.stderr, /\(standard output\): kept 2 of 3 records/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('keeps a minified array minified: the output is never larger than the input', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      instruction: `Question number ${i} about colours?`,
      input: '',
      output: i % 3 === 0 ? 'Red.' : `Answer ${i}: red is a primary colour of pigment.`,
    }));
    const minified = JSON.stringify(records);
    const dir = workspace({ 'in.json': minified });
    const run = await cli(['clean', 'in.json', '-o', 'out.json', '--drop', 'too-short'], dir);
    assert.equal(run.code, 0, run.stderr);
    const out = readFileSync(join(dir, 'out.json'), 'utf8');
    assert.ok(out.length <= minified.length, `${out.length} bytes out of ${minified.length}`);
    assert.deepEqual(
      JSON.parse(out),
      records.filter((_, i) => i % 3 !== 0),
    );
  });

  it('refuses what check calls not a dataset: binary, UTF-16, dataset_info.json', async () => {
    const dir = workspace({ 'dataset_info.json': JSON.stringify({ demo: { file_name: 'demo.json' } }, null, 2) });
    writeFileSync(join(dir, 'garbage.jsonl'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(dir, 'utf16.jsonl'), Buffer.from(`${JSON.stringify(a)}\n`, 'utf16le'));
    for (const [file, reason] of [
      ['garbage.jsonl', /binary file/],
      ['utf16.jsonl', /encoded as UTF-16/],
      ['dataset_info.json', /one JSON object, not a dataset/],
    ] as const) {
      const run = await cli(['clean', file, '-o', `${file}.out`], dir);
      assert.equal(run.code, 2, file);
      assert.match(run.stderr, /is not a dataset: /);
      assert.match(run.stderr, reason);
      assert.ok(!existsSync(join(dir, `${file}.out`)), `${file}: nothing written`);
    }
  });

  it('cleans exactly the bytes that were checked, not lines appended since', async () => {
    const dir = workspace({ 'in.jsonl': [a, a, b] });
    const path = join(dir, 'in.jsonl');
    const checked = statSync(path).size;
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"instruction": "late", "output": \n${JSON.stringify(short)}\n`);
    const source = await fileSource(path);
    try {
      const result = await writeCleanedDataset(source, path, join(dir, 'out.jsonl'), new Set([1]), { limitBytes: checked });
      assert.equal(result.kept + result.dropped, 3);
    } finally {
      await source.close();
    }
    assert.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8'), `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
  });

  it('stops when interrupted, leaving no temporary file and no output', async () => {
    const dir = workspace({ 'in.jsonl': Array.from({ length: 2000 }, (_, i) => ({ instruction: `Q${i}?`, input: '', output: `A fine answer number ${i}.` })) });
    const controller = new AbortController();
    controller.abort();
    const run = await cli(['clean', 'in.jsonl', '-o', 'out.jsonl'], dir, {}, {}, controller.signal);
    assert.equal(run.code, 130);
    assert.match(run.stderr, /interrupted: nothing was written/);
    assert.deepEqual(readdirSync(dir).sort(), ['in.jsonl']);
  });

  it('rejects unknown codes and a missing -o', async () => {
    const dir = workspace({ 'in.jsonl': [a] });
    const unknown = await cli(['clean', 'in.jsonl', '-o', 'o.jsonl', '--drop', 'nonsense'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown finding code\(s\): nonsense/);
    assert.equal((await cli(['clean', 'in.jsonl'], dir)).code, 2);
  });
});
