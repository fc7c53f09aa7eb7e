import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import type { CheckReport } from '../../../src/cli/output/jsonReport';
import { repoRoot } from '../../repoRoot';
import { cli, workspace } from './cliHarness';

const good = { instruction: 'Name a primary colour.', input: '', output: 'Red is one of the primary colours.' };
const short = { instruction: 'Say hi.', input: '', output: 'Hi.' };

describe('tunelab check', function () {
  this.timeout(30_000);

  it('prints path:line:col severity code message, then the summary', async () => {
    const dir = workspace({ 'data.jsonl': [good, short, good] });
    const run = await cli(['check', 'data.jsonl'], dir);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'data.jsonl:2:46 info too-short Response is 3 characters long, under the minimum of 10.');
    assert.equal(lines[1], 'data.jsonl:3:1 warning exact-duplicate Exact duplicate of record 1 (same content once white space is collapsed).');
    assert.equal(lines[2], 'data.jsonl: 3 records (alpaca), 2 flagged (66.7%)');
    assert.match(lines[3], /records by finding: (too-short 1, exact-duplicate 1|exact-duplicate 1, too-short 1)/);
    assert.equal(run.code, 0, 'warnings do not fail with the default --fail-on error');
  });

  it('exits 1 on findings at or above --fail-on, 0 with never', async () => {
    const dir = workspace({ 'data.jsonl': '{"instruction": "x", "output": \n', 'ok.jsonl': [good] });
    assert.equal((await cli(['check', 'data.jsonl'], dir)).code, 1);
    assert.equal((await cli(['check', 'data.jsonl', '--fail-on', 'never'], dir)).code, 0);
    assert.equal((await cli(['check', 'ok.jsonl', '--fail-on', 'warning'], dir)).code, 0);
    const warnOnly = workspace({ 'w.jsonl': [good, good] });
    assert.equal((await cli(['check', 'w.jsonl', '--fail-on', 'warning'], warnOnly)).code, 1);
  });

  it('exits 2 with a clear message on usage and I/O errors', async () => {
    const dir = workspace({ 'ok.jsonl': [good] });
    execFileSync('mkfifo', [join(dir, 'fifo.jsonl')]);
    const fifo = await cli(['check', 'fifo.jsonl'], dir);
    assert.equal(fifo.code, 2, 'a FIFO is refused, not read forever');
    assert.match(fifo.stderr, /fifo\.jsonl: not a regular file/);
    const missing = await cli(['check', 'nope.jsonl'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'tunelab: nope.jsonl: no such file or directory');
    const badFormat = await cli(['check', 'ok.jsonl', '--format', 'xml'], dir);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be text, json or sarif/);
    assert.equal((await cli(['check', 'ok.jsonl', '--bogus'], dir)).code, 2);
    assert.equal((await cli(['check'], dir)).code, 2);
    assert.equal((await cli(['frobnicate'], dir)).code, 2);
  });

  it('walks directories for .json and .jsonl files, skipping dataset_info.json and node_modules', async () => {
    const dir = workspace({ 'a.jsonl': [good], 'dataset_info.json': '{"a": {"file_name": "a.jsonl"}}', 'notes.txt': 'hello' });
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'x.json'), '[]');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.json'), JSON.stringify([good]));
    const report = JSON.parse((await cli(['check', '.', '--format', 'json'], dir)).stdout) as CheckReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['a.jsonl', join('sub', 'b.json')],
    );
    assert.equal(report.files[0].summary?.datasetInfoEntry, 'a');
  });

  it('writes JSON that matches the documented, versioned schema', async () => {
    const dir = workspace({ 'data.jsonl': [good, short, good, { conversations: [{ from: 'gpt', value: 'Hello there, I start.' }] }] });
    const run = await cli(['check', 'data.jsonl', '--format', 'json'], dir);
    const report = JSON.parse(run.stdout) as CheckReport;
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.totals.records, 4);
    const duplicate = report.files[0].findings.find((f) => f.code === 'exact-duplicate');
    assert.deepEqual(duplicate?.related, [{ record: 1, line: 1, column: 1, message: 'The first occurrence: record 1.' }]);
    assert.equal(duplicate && 'twin' in duplicate.data ? duplicate.data.twin : undefined, 1);
  });

  it('writes SARIF 2.1.0 with rules, regions and the twin as a related location', async () => {
    const dir = workspace({ 'data.jsonl': [good, short, good] });
    const log = JSON.parse((await cli(['check', 'data.jsonl', '--format', 'sarif'], dir)).stdout) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rules = run.tool.driver.rules ?? [];
    assert.ok(rules.some((r) => r.id === 'near-duplicate' && r.defaultConfiguration?.level === 'warning'));
    const results = run.results ?? [];
    assert.deepEqual(
      results.map((r) => r.ruleId),
      ['too-short', 'exact-duplicate'],
    );
    assert.deepEqual(results[0].locations?.[0].physicalLocation?.region, { startLine: 2, startColumn: 46, endLine: 2, endColumn: 51 });
    assert.equal(results[0].locations?.[0].physicalLocation?.artifactLocation?.uri, 'data.jsonl');
    assert.equal(rules[results[1].ruleIndex ?? -1].id, 'exact-duplicate');
    assert.equal(results[1].relatedLocations?.[0].physicalLocation?.region?.startLine, 1);
  });

  it('reads settings from --config, nested or flat, and warns about unknown keys', async () => {
    const dir = workspace({
      'data.jsonl': [good, short],
      'flat.json': '{"tunelab.dataset.minResponseChars": 2, "tunelab.dataset.typo": 1}',
      'nested.json': '{"tunelab": {"dataset": {"minResponseChars": 50}}}',
    });
    const flat = await cli(['check', 'data.jsonl', '--config', 'flat.json'], dir);
    assert.doesNotMatch(flat.stdout, /too-short/);
    assert.match(flat.stderr, /unknown setting "dataset.typo"/);
    const inherited = workspace({ 'data.jsonl': [good], 'odd.json': '{"constructor": 1, "toString": 2, "tunelab.dataset.minResponseChars": 3}' });
    const odd = await cli(['check', 'data.jsonl', '--config', 'odd.json'], inherited);
    assert.match(odd.stderr, /unknown setting "constructor"/);
    assert.match(odd.stderr, /unknown setting "toString"/);
    const nested = await cli(['check', 'data.jsonl', '--config', 'nested.json'], dir);
    assert.equal((nested.stdout.match(/ info too-short /g) ?? []).length, 2);
  });

  it('speaks Simplified Chinese when LANG says so', async () => {
    const dir = workspace({ 'data.jsonl': [short] });
    const run = await cli(['check', 'data.jsonl'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(run.stdout, /回答只有 3 个字符/);
    const forced = await cli(['check', 'data.jsonl', '--lang', 'en'], dir, { LANG: 'zh_CN.UTF-8' });
    assert.match(forced.stdout, /Response is 3 characters long/);
  });
});

describe('tunelab check progress', function () {
  this.timeout(60_000);

  it('shows progress on stderr for a big file when stderr is a terminal, and not otherwise', async () => {
    const record = JSON.stringify({
      instruction: 'Describe the weather today.',
      input: '',
      output: 'It is a bright, cool morning with a light wind from the north.',
    });
    const big = `${Array.from({ length: (17 * 1024 * 1024) / (record.length + 1) + 1 }, () => record).join('\n')}\n`;
    const dir = workspace({ 'big.jsonl': big });
    const terminal = await cli(['check', 'big.jsonl', '--fail-on', 'never', '--threads', '0'], dir, {}, { stderrIsTerminal: true });
    assert.equal(terminal.code, 0);
    assert.match(terminal.stderr, /big\.jsonl: \d+%, [\d,]+ records/);
    const plain = await cli(['check', 'big.jsonl', '--fail-on', 'never', '--threads', '0'], dir);
    assert.equal(plain.stderr, '');
  });
});

describe('tunelab check and .tunelab-ignore.json', () => {
  it('honours the nearest ignore file, in findings and in the summary', async () => {
    const dir = workspace({ 'data.jsonl': [short], '.tunelab-ignore.json': JSON.stringify({ version: 1, files: { 'data.jsonl': ['too-short'] } }) });
    const run = await cli(['check', 'data.jsonl', '--format', 'json'], dir);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.deepEqual(report.files[0].findings, []);
    assert.equal(report.files[0].summary?.flaggedRecords, 0);
  });
});
