import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig } from '../../src/core/config/checkConfig';
import { CONFIG_KINDS, schemaFileName } from '../../src/core/config/kinds/configKind';
import { defaultSettings } from '../../src/core/settings/settings';
import { repoRoot } from '../repoRoot';

const root = repoRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    jsonValidation: Array<{ fileMatch: string[]; url: string }>;
    yamlValidation: Array<{ fileMatch: string[]; url: string }>;
    snippets: Array<{ language: string; path: string }>;
  };
};

/** A snippet body with each placeholder replaced by its default text, as inserting it and pressing Tab through would leave it. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('config contributions', () => {
  it("contributes every kind's schema to JSON and YAML for *.<kind>.json / .yaml", () => {
    for (const kind of CONFIG_KINDS) {
      const url = `./schemas/${schemaFileName(kind)}`;
      assert.ok(existsSync(join(root, url)), url);
      assert.deepEqual(manifest.contributes.jsonValidation.find((v) => v.url === url)?.fileMatch, [`*.${kind}.json`]);
      assert.deepEqual(manifest.contributes.yamlValidation.find((v) => v.url === url)?.fileMatch, [`*.${kind}.yaml`, `*.${kind}.yml`]);
    }
  });

  describe('snippets', () => {
    const file = manifest.contributes.snippets.find((s) => s.language === 'yaml');
    const snippets = JSON.parse(readFileSync(join(root, file?.path ?? 'missing'), 'utf8')) as Record<
      string,
      { prefix: string[]; body: string[]; description: string }
    >;

    it('cover LoRA SFT on Qwen 7B, QLoRA on 24 GB, DPO, PPO with the stable set and TRL PPO, and Axolotl LoRA SFT, QLoRA and DPO', () => {
      assert.deepEqual(Object.keys(snippets), [
        'LLaMA-Factory: LoRA SFT on Qwen 7B',
        'LLaMA-Factory: QLoRA on one 24 GB GPU',
        'LLaMA-Factory: DPO',
        'LLaMA-Factory: PPO with the stable set',
        'TRL: PPO with the stable set',
        'Axolotl: LoRA SFT on Qwen 7B',
        'Axolotl: QLoRA on one 24 GB GPU',
        'Axolotl: DPO',
      ]);
      for (const snippet of Object.values(snippets)) assert.match(snippet.description, / — .*[\u4e00-\u9fff]/, 'English and Chinese description');
    });

    for (const [name, snippet] of Object.entries(snippets)) {
      it(`"${name}" is a valid config with no errors, warnings or stable-set hints`, () => {
        const result = checkConfig(expand(snippet.body), 'yaml', { settings: defaultSettings() });
        assert.ok(result.kind, 'recognised');
        const problems = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning' || f.code.endsWith('stable-default'));
        assert.deepEqual(
          problems.map((f) => `${f.code}: ${f.message}`),
          [],
        );
      });
    }

    for (const name of ['LLaMA-Factory: QLoRA on one 24 GB GPU', 'Axolotl: QLoRA on one 24 GB GPU']) {
      it(`"${name}" fits one 24 GB GPU by the estimate`, () => {
        const result = checkConfig(expand(snippets[name].body), 'yaml', { settings: { ...defaultSettings(), 'config.gpu.memoryGB': 24 } });
        assert.ok(result.facts && result.facts.quantizationBits === 4, 'read as 4-bit');
        assert.deepEqual(
          result.findings.filter((f) => f.code === 'gpu-memory'),
          [],
        );
      });
    }

    it('the Axolotl snippets are Axolotl configs read with their own keys', () => {
      for (const name of ['Axolotl: LoRA SFT on Qwen 7B', 'Axolotl: QLoRA on one 24 GB GPU', 'Axolotl: DPO']) {
        const result = checkConfig(expand(snippets[name].body), 'yaml', { settings: defaultSettings() });
        assert.equal(result.kind, 'axolotl', name);
        assert.equal(result.facts?.policy?.billions, 7, name);
      }
      const dpo = checkConfig(expand(snippets['Axolotl: DPO'].body), 'yaml', { settings: defaultSettings() });
      assert.equal(dpo.facts?.stage, 'dpo');
    });
  });
});
