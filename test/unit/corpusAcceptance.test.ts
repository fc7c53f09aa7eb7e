import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetReport } from '../../src/core/dataset/analysis/analyzeDataset';
import { analysisOptionsFrom } from '../../src/core/dataset/analysisOptions';
import { analyzeDatasetFile } from '../../src/core/dataset/datasetFile';
import { defaultSettings } from '../../src/core/settings/settings';
import { repoRoot } from '../repoRoot';

/**
 * Acceptance figures on real public data: LLaMA-Factory's demo datasets in the shared corpus
 * (beside the repository, or TUNELAB_CORPUS). The corpus is not part of the project; without
 * it these tests are reported as pending with the reason, never as passed.
 */
const corpus = process.env.TUNELAB_CORPUS ?? join(repoRoot(), '..', 'shared', 'corpus');
const data = join(corpus, 'llamafactory', 'data');

describe('acceptance on the LLaMA-Factory demo datasets', function () {
  this.timeout(120_000);
  const reports = new Map<string, DatasetReport>();

  before(function () {
    if (!existsSync(join(data, 'dataset_info.json'))) {
      console.log(`    corpus not found at ${data}: skipping (set TUNELAB_CORPUS to run these)`);
      this.skip();
    }
  });

  async function report(file: string): Promise<DatasetReport> {
    let r = reports.get(file);
    if (!r) {
      r = await analyzeDatasetFile(join(data, file), analysisOptionsFrom(defaultSettings()));
      reports.set(file, r);
    }
    return r;
  }

  for (const [file, duplicates] of [
    ['alpaca_en_demo.json', 14],
    ['alpaca_zh_demo.json', 8],
    ['glaive_toolcall_en_demo.json', 35],
    ['glaive_toolcall_zh_demo.json', 43],
    ['dpo_en_demo.json', 5],
    ['dpo_zh_demo.json', 11],
  ] as const) {
    it(`finds exactly ${duplicates} exact-duplicate records in ${file}`, async () => {
      assert.equal((await report(file)).summary.recordsByCode['exact-duplicate'] ?? 0, duplicates);
    });
  }

  it('finds 85 records with template-placeholder in identity.json, none in dpo_en_demo.json or kto_en_demo.json', async () => {
    assert.equal((await report('identity.json')).summary.recordsByCode['template-placeholder'], 85);
    assert.equal((await report('dpo_en_demo.json')).summary.recordsByCode['template-placeholder'] ?? 0, 0);
    assert.equal((await report('kto_en_demo.json')).summary.recordsByCode['template-placeholder'] ?? 0, 0);
  });

  it('parses every demo dataset with its format recognised', async () => {
    const expected: Record<string, string> = {
      'alpaca_en_demo.json': 'alpaca',
      'alpaca_zh_demo.json': 'alpaca',
      'identity.json': 'alpaca',
      'glaive_toolcall_en_demo.json': 'sharegpt',
      'glaive_toolcall_zh_demo.json': 'sharegpt',
      'dpo_en_demo.json': 'sharegpt preference',
      'dpo_zh_demo.json': 'sharegpt preference',
      'kto_en_demo.json': 'sharegpt kto',
      'c4_demo.jsonl': 'text',
      'mllm_demo.json': 'sharegpt',
      'v1_sft_demo.jsonl': 'v1',
      'v1_dpo_demo.jsonl': 'v1 preference',
    };
    for (const [file, format] of Object.entries(expected)) {
      const r = await report(file);
      assert.equal(r.summary.format, format, file);
      assert.deepEqual(Object.keys(r.summary.formats), [format], `${file}: every record in one format`);
      for (const code of ['malformed-json', 'invalid-record', 'mixed-formats', 'not-a-dataset'] as const) {
        assert.equal(r.summary.recordsByCode[code] ?? 0, 0, `${file}: ${code}`);
      }
    }
  });

  it('flags under 1% of the demo datasets as repetitive', async () => {
    for (const file of [
      'alpaca_en_demo.json',
      'alpaca_zh_demo.json',
      'glaive_toolcall_en_demo.json',
      'glaive_toolcall_zh_demo.json',
      'dpo_en_demo.json',
      'dpo_zh_demo.json',
      'kto_en_demo.json',
      'c4_demo.jsonl',
    ]) {
      const r = await report(file);
      const share = (r.summary.recordsByCode['low-unique-ratio'] ?? 0) / r.summary.records;
      assert.ok(share < 0.01, `${file}: ${(share * 100).toFixed(1)}% flagged as repetitive`);
    }
  });
});
