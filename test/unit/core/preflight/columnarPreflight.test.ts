import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { preflightConfig } from '../../../../src/core/preflight/preparePreflight';
import { loadDatasetInfoFiles } from '../../../../src/core/preflight/loadPreflightData';
import { enableColumnarSamples } from '../../../../src/core/preflight/columnarSample';
import { checkDatasetInfo } from '../../../../src/core/preflight/datasetInfo/checkDatasetInfo';
import type { TokenStats } from '../../../../src/core/preflight/tokens/tokenStats';
import { alpacaParquet, alpacaRows, toCsv, writeJsonl } from '../dataset/columnar/columnarFixtures';
import { qwenTokenizerDir } from './qwenTokenizer';

/** A LLaMA-Factory project whose dataset `demo` is `file` (under data/), with the real Qwen tokenizer. */
function project(files: Record<string, string | Uint8Array>, info: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-pf-columnar-'));
  mkdirSync(join(dir, 'data'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'data', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'data', name), content);
  }
  writeFileSync(join(dir, 'data', 'dataset_info.json'), JSON.stringify(info));
  return dir;
}

async function tokensOf(dir: string, dataset = 'demo'): Promise<TokenStats & { findings: string[] }> {
  const text = `model_name_or_path: Qwen/Qwen3-0.6B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: qwen3\ndataset: ${dataset}\ncutoff_len: 37\noutput_dir: saves/x\n`;
  const configPath = join(dir, 'sft.yaml');
  writeFileSync(configPath, text);
  const { report } = await preflightConfig({
    configPath,
    text,
    format: 'yaml',
    settings: defaultSettings(),
    root: dir,
    env: {},
    tokenizerPath: qwenTokenizerDir(),
  });
  assert.ok(report);
  const section = report.sections.find((s) => s.id === 'tokens');
  assert.ok(section, report.sections.map((s) => `${s.id}: ${JSON.stringify(s.lines)}`).join('\n'));
  return { ...(section.data as TokenStats), findings: report.findings.map((f) => f.code) };
}

describe('pre-flight: Parquet and CSV datasets', function () {
  this.timeout(60_000);
  const rows = alpacaRows();

  it('counts and token-measures a Parquet entry and a CSV entry in a subfolder exactly as the same records in JSON Lines', async () => {
    const jsonl = project({}, { demo: { file_name: 'demo.jsonl' } });
    writeJsonl(join(jsonl, 'data', 'demo.jsonl'), rows);
    const expected = await tokensOf(jsonl);
    assert.equal(expected.records, 12);
    assert.ok(expected.exact && expected.overLimit.count > 0, 'the JSON Lines baseline has records over cutoff_len');

    const parquet = await tokensOf(project({ 'train.parquet': alpacaParquet(rows) }, { demo: { file_name: 'train.parquet' } }));
    const csv = await tokensOf(project({ 'sub/train.csv': toCsv(rows) }, { demo: { file_name: 'sub/train.csv' } }));
    for (const [name, got] of [
      ['parquet', parquet],
      ['csv', csv],
    ] as const) {
      assert.equal(got.records, 12, name);
      assert.equal(got.exact, true, name);
      assert.equal(got.totalTokens, expected.totalTokens, name);
      assert.deepEqual(got.whole, expected.whole, name);
      assert.equal(got.overLimit.count, expected.overLimit.count, name);
      // Records over the limit point at the data file's rows, never at the temporary JSON Lines view.
      assert.deepEqual(
        got.overLimit.records.map((r) => [r.record, r.line, r.tokens]),
        expected.overLimit.records.map((r) => [r.record, r.record, r.tokens]),
        name,
      );
      assert.ok(
        got.overLimit.records.every((r) => /train\.(parquet|csv)$/.test(r.file)),
        name,
      );
      assert.ok(got.findings.includes('over-cutoff'), name);
    }
  });

  it('reads the columns of a Parquet file and a CSV file for the column checks of dataset_info.json', async () => {
    enableColumnarSamples();
    const csvRows = rows.map((r) => ({ question: r.instruction, answer: r.output }));
    const dir = project(
      { 'train.parquet': alpacaParquet(rows), 'qa.csv': toCsv(csvRows) },
      {
        good: { file_name: 'train.parquet' },
        wrong: { file_name: 'train.parquet', columns: { prompt: 'question', response: 'answer' } },
        csv_default: { file_name: 'qa.csv' },
        csv_named: { file_name: 'qa.csv', columns: { prompt: 'question', response: 'answer' } },
      },
    );
    const loaded = await loadDatasetInfoFiles(join(dir, 'data', 'dataset_info.json'), { projectRoot: dir, findUsed: () => Promise.resolve(undefined) });
    assert.equal(loaded.dataFiles.get('train.parquet')?.records?.length, 12);
    assert.equal(loaded.dataFiles.get('qa.csv')?.records?.length, 12);
    const missing = checkDatasetInfo({ info: loaded.info, dataFiles: loaded.dataFiles })
      .findings.filter((f) => f.code === 'column-missing')
      .map((f) => `${f.data?.key}: ${f.args.filter((a) => ['instruction', 'output', 'question', 'answer'].includes(String(a))).join()}`);
    // The entries whose columns the files do not have, and only those (the named columns of csv_named are the CSV's header).
    assert.deepEqual(missing.sort(), ['csv_default: instruction', 'csv_default: output', 'wrong: answer', 'wrong: question']);
  });
});
