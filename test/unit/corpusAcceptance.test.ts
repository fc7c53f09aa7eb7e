import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetReport } from '../../src/core/dataset/analysis/analyzeDataset';
import { analysisOptionsFrom } from '../../src/core/dataset/analysisOptions';
import { analyzeDatasetFile } from '../../src/core/dataset/datasetFile';
import { defaultSettings } from '../../src/core/settings/settings';
import { readFileSync } from 'node:fs';
import { lowUniqueWordRatio, movingWindowRatio, segmentWords } from '../../src/core/text/uniqueWordRatio';
import { withoutCodeAndMarkup } from '../../src/core/text/codeRegions';
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

  it('flags under 2% of the clean demo responses as repetitive', async () => {
    for (const file of ['alpaca_en_demo.json', 'alpaca_zh_demo.json', 'glaive_toolcall_en_demo.json', 'glaive_toolcall_zh_demo.json', 'dpo_en_demo.json', 'dpo_zh_demo.json', 'kto_en_demo.json']) {
      const r = await report(file);
      const share = (r.summary.recordsByCode['low-unique-ratio'] ?? 0) / r.summary.records;
      assert.ok(share < 0.02, `${file}: ${(share * 100).toFixed(1)}% flagged as repetitive`);
    }
  });

  it('never lets the CJK pre-filter clear a text that full ICU segmentation flags', function () {
    this.timeout(300_000);
    const options = { threshold: 0.7, window: 15, minWords: 20 };
    let checked = 0;
    let flagged = 0;
    for (const file of ['alpaca_zh_demo.json', 'glaive_toolcall_zh_demo.json', 'dpo_zh_demo.json']) {
      const records = JSON.parse(readFileSync(join(data, file), 'utf8')) as Array<Record<string, unknown>>;
      for (const r of records) {
        const texts: string[] = [];
        if (typeof r.output === 'string') texts.push(r.output);
        for (const side of ['conversations', 'chosen', 'rejected']) {
          const value = r[side];
          const list = Array.isArray(value) ? value : value ? [value] : [];
          for (const t of list as Array<{ from?: string; value?: string }>) if (t.from === 'gpt' && typeof t.value === 'string') texts.push(t.value);
        }
        for (const text of texts) {
          const words = segmentWords(withoutCodeAndMarkup(text));
          if (words.length < options.minWords) continue;
          checked++;
          const exact = movingWindowRatio(words.map((w) => hashOf(w)), words.length, options.window);
          if (exact < options.threshold) {
            flagged++;
            assert.ok(lowUniqueWordRatio(text, options), `pre-filter cleared a text full segmentation flags (${exact.toFixed(3)}): ${text.slice(0, 80)}`);
          }
        }
      }
    }
    assert.ok(checked > 1000 && flagged > 0, `${checked} texts checked, ${flagged} flagged`);
  });
});

function hashOf(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}
