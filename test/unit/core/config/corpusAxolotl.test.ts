import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AXOLOTL_KEY_FACTS } from '../../../../src/core/config/catalog/axolotl/axolotlKeys.generated';
import { parseAxolotlKeys, schemaOfAxolotlType } from '../../../../src/core/config/catalog/axolotl/importAxolotlKeys';
import { checkConfig } from '../../../../src/core/config/checkConfig';
import { keyHoverInfo } from '../../../../src/core/config/editing/keyHoverInfo';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { repoRoot } from '../../../repoRoot';

/**
 * Acceptance on Axolotl's own example configs (half of them, in the shared corpus; skipped with
 * the reason when absent): every training config is detected as Axolotl, the launcher config
 * as foreign; no unknown-key warnings; errors only where current Axolotl really refuses the
 * file; every key has a described hover.
 */
const corpus = process.env.TUNELAB_CORPUS ?? join(repoRoot(), '..', 'shared', 'corpus');
const examples = join(corpus, 'axolotl', 'examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('Axolotl key table', () => {
  it('turns pydantic annotations into lenient schemas: empty always allowed, auto beside booleans, Enums closed only alone', () => {
    assert.deepEqual(schemaOfAxolotlType("Literal['auto'] | bool | None", ['auto'], ''), {
      type: ['string', 'boolean', 'null'],
      enum: ['auto', true, false, null],
    });
    assert.deepEqual(schemaOfAxolotlType('int', [], ''), { type: ['integer', 'boolean', 'null'] });
    assert.deepEqual(schemaOfAxolotlType('ChatTemplate | str | None', ['chatml', 'llama3'], ''), { type: ['string', 'null'], examples: ['chatml', 'llama3'] });
    assert.deepEqual(schemaOfAxolotlType('RLType | None', ['dpo', 'kto'], ''), { type: ['string', 'null'], enum: ['dpo', 'kto', null] });
    assert.deepEqual(schemaOfAxolotlType('CompressionArgs', [], ''), {});
  });

  it('axolotlKeys.generated.ts matches the key table (npm run import:axolotl-keys regenerates it)', function () {
    const tsv = join(corpus, 'keys', 'axolotl-keys.tsv');
    if (!existsSync(tsv)) {
      console.log(`    key table not found at ${tsv}: skipping (set TUNELAB_CORPUS to run this)`);
      this.skip();
    }
    assert.deepEqual(AXOLOTL_KEY_FACTS, parseAxolotlKeys(readFileSync(tsv, 'utf8')));
  });
});

describe("acceptance on Axolotl's example configs", () => {
  before(function () {
    if (!existsSync(examples)) {
      console.log(`    corpus not found at ${examples}: skipping (set TUNELAB_CORPUS to run these)`);
      this.skip();
    }
  });

  let results: Array<{ file: string; result: ReturnType<typeof checkConfig> }> = [];
  before(() => {
    results = yamlFiles(examples).map((file) => ({
      file: relative(examples, file).replace(/\\/g, '/'),
      result: checkConfig(readFileSync(file, 'utf8'), 'yaml', { settings: defaultSettings() }),
    }));
  });

  it('detects all 125 training configs as Axolotl and the cloud launcher as foreign', () => {
    assert.equal(results.length, 126);
    const notAxolotl = results.filter((r) => r.result.kind !== 'axolotl').map((r) => `${r.file}: ${r.result.kind ?? r.result.other}`);
    assert.deepEqual(notAxolotl, ['cloud/baseten.yaml: axolotl-cloud']);
  });

  it('gives no unknown-key warnings, and errors only where Axolotl itself refuses the file', () => {
    const unknownWarnings = results.flatMap(({ file, result }) =>
      result.findings
        .filter((f) => f.code === 'unknown-key' && (f.severity === 'warning' || f.severity === 'error'))
        .map((f) => `${file}:${f.range.start.line + 1}`),
    );
    assert.deepEqual(unknownWarnings, []);
    const errors = results.flatMap(({ file, result }) =>
      result.findings.filter((f) => f.severity === 'error').map((f) => `${file}:${f.range.start.line + 1} ${f.code}`),
    );
    // tokens: a mapping where Axolotl wants a list; warmup_steps: 0.1 where it wants a whole
    // number (pydantic refuses 0.1 for an int); flash_attn_rms_norm: true, which Axolotl rejects.
    assert.deepEqual(errors.sort(), [
      'archived/jeopardy-bot/config.yml:48 schema',
      'archived/stablelm-2/1.6b/lora.yml:52 deprecated-key',
      'expert_parallel/qwen3_30ba3b_ep_fsdp_fft_4gpu.yaml:28 schema',
    ]);
  });

  it('applies no PPO rule to any of them', () => {
    const ppo = results.flatMap(({ result }) =>
      result.findings.filter((f) => ['max-grad-norm', 'ppo-stable-default', 'kl-out-of-range', 'ppo-adaptive-kl'].includes(f.code)),
    );
    assert.deepEqual(ppo, []);
  });

  it('has a described hover for every key of every config', () => {
    let keys = 0;
    for (const { file, result } of results) {
      if (!result.kind || !result.facts) continue;
      for (const entry of result.document.root?.entries ?? []) {
        const info = keyHoverInfo(entry.key, result.kind, result.facts, defaultSettings());
        if (!info) continue; // keys Axolotl does not define get the unknown-key note instead
        assert.ok(info.catalog.description, `${file}: ${entry.key}`);
        keys++;
      }
    }
    assert.ok(keys > 3000, `${keys} keys`);
  });
});
