import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import type { CheckReport } from '../../../src/cli/output/jsonReport';
import { repoRoot } from '../../repoRoot';
import { alpacaParquet, alpacaRows, chatArrow, chatRows, toCsv } from '../core/dataset/columnar/columnarFixtures';
import { cli, workspace } from './cliHarness';

/** A folder with the same alpaca rows as JSON Lines, Parquet and CSV, and chat rows as an Arrow stream. */
function tables(): string {
  const dir = workspace({ 'alpaca.jsonl': alpacaRows() });
  writeFileSync(join(dir, 'alpaca.parquet'), alpacaParquet(alpacaRows()));
  writeFileSync(join(dir, 'alpaca.csv'), toCsv(alpacaRows()));
  writeFileSync(join(dir, 'chat.arrow'), chatArrow(chatRows(), 'stream'));
  return dir;
}

describe('tunelab check and clean on Parquet, Arrow and CSV', function () {
  this.timeout(30_000);

  it('prints path:row N column C: severity code message, the summary and the schema', async () => {
    const dir = tables();
    const run = await cli(['check', 'alpaca.parquet'], dir);
    const lines = run.stdout.trim().split('\n');
    assert.ok(lines.includes('alpaca.parquet:row 3 column output: info too-short Response is 3 characters long, under the minimum of 10.'), run.stdout);
    assert.ok(
      lines.includes('alpaca.parquet:row 5: warning exact-duplicate Exact duplicate of record 1 (same content once white space is collapsed).'),
      run.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith('alpaca.parquet: 12 records (alpaca)')),
      run.stdout,
    );
    assert.ok(lines.includes('  parquet with 3 columns: instruction string, input string, output string; 3 row groups; compression SNAPPY'), run.stdout);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  it('gives the same findings, row for line, as the JSON Lines file', async () => {
    const dir = tables();
    const report = JSON.parse((await cli(['check', 'alpaca.jsonl', 'alpaca.parquet', 'alpaca.csv', '--format', 'json'], dir)).stdout) as CheckReport;
    const [jsonl, parquet, csv] = report.files.map((f) => f.findings.map((x) => `${x.code}@${x.record}`).sort());
    assert.ok(jsonl.length >= 3);
    assert.deepEqual(parquet, jsonl);
    assert.deepEqual(csv, jsonl);
  });

  it('walks directories for .parquet and .arrow (CSV and TSV only when named), and writes JSON that matches the schema', async () => {
    const dir = tables();
    writeFileSync(join(dir, 'broken.parquet'), 'PAR1 not really');
    writeFileSync(join(dir, 'alpaca.tsv'), toCsv(alpacaRows(), '\t'));
    const run = await cli(['check', '.', '--format', 'json'], dir);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['alpaca.jsonl', 'alpaca.parquet', 'broken.parquet', 'chat.arrow'],
    );
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as object);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    const chat = report.files.find((f) => f.path === 'chat.arrow');
    assert.equal(chat?.table?.format, 'arrow-stream');
    assert.deepEqual(chat?.findings.find((f) => f.code === 'empty-turn')?.cell, { row: 2, column: 'messages' });
    const broken = report.files.find((f) => f.path === 'broken.parquet');
    assert.equal(broken?.findings[0].code, 'not-a-dataset');
    assert.deepEqual(broken?.findings[0].cell, { row: 0 });
    assert.equal(run.code, 1, 'the unreadable file is an error finding, not a crash');
  });

  it('writes SARIF with the row and column as a logical location', async () => {
    const dir = tables();
    const log = JSON.parse((await cli(['check', 'alpaca.parquet', '--format', 'sarif'], dir)).stdout) as Sarif.Log;
    const short = log.runs[0].results?.find((r) => r.ruleId === 'too-short');
    assert.equal(short?.locations?.[0].logicalLocations?.[0].fullyQualifiedName, 'row[3].output');
    assert.equal(short?.locations?.[0].physicalLocation?.region, undefined);
    assert.deepEqual(short?.properties, { record: 3, row: 3, column: 'output' });
  });

  it('clean writes JSON Lines without the dropped rows and never touches the input', async () => {
    const dir = tables();
    const input = join(dir, 'alpaca.parquet');
    const before = readFileSync(input);
    const mtime = statSync(input).mtimeMs;
    const run = await cli(['clean', 'alpaca.parquet', '-o', 'clean.jsonl'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kept \d+ of 12 rows, dropped \d+ \(.*exact-duplicate 1.*\); written as JSON Lines/);
    const kept = readFileSync(join(dir, 'clean.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { output: string });
    const jsonl = await cli(['clean', 'alpaca.jsonl', '-o', 'clean-from-jsonl.jsonl'], dir);
    assert.deepEqual(
      kept,
      readFileSync(join(dir, 'clean-from-jsonl.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
      jsonl.stderr,
    );
    assert.deepEqual(readFileSync(input), before);
    assert.equal(statSync(input).mtimeMs, mtime);
  });

  it('clean writes a Parquet input back as Parquet when the output is named .parquet', async () => {
    const dir = tables();
    const run = await cli(['clean', 'alpaca.parquet', '-o', 'clean.parquet'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kept 10 of 12 rows, dropped 2 \(.*\); written as Parquet \(SNAPPY\)/);
    const check = await cli(['check', 'clean.parquet'], dir);
    assert.ok(check.stdout.includes('clean.parquet: 10 records (alpaca)'), check.stdout);
    assert.ok(check.stdout.includes('  parquet with 3 columns: instruction string, input string, output string'), check.stdout);
    assert.doesNotMatch(check.stdout, /exact-duplicate/);
  });

  it('clean refuses a columnar output name other than the input format and an input it cannot read completely', async () => {
    const dir = tables();
    const named = await cli(['clean', 'alpaca.parquet', '-o', 'out.arrow'], dir);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /written as JSON Lines or Parquet: name the output \.jsonl or \.parquet/);
    const csv = await cli(['clean', 'alpaca.csv', '-o', 'out.parquet'], dir);
    assert.equal(csv.code, 2);
    assert.match(csv.stderr, /written as JSON Lines: name the output \.jsonl/);
    const bytes = alpacaParquet(alpacaRows());
    writeFileSync(join(dir, 'cut.parquet'), bytes.subarray(0, bytes.length - 20));
    const cut = await cli(['clean', 'cut.parquet', '-o', 'out.jsonl'], dir);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /cut\.parquet could not be read completely: Parquet file cut short.*Nothing was written/);
    assert.throws(() => statSync(join(dir, 'out.jsonl')));
  });
});
