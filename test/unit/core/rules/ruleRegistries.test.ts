import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigFindingCode } from '../../../../src/shared/findings';
import { CONFIG_FINDING_CODES, CONFIG_RULE_CATALOG } from '../../../../src/core/config/configRuleCatalog';
import { configFinding } from '../../../../src/core/config/rules/configRule';
import { ALL_CONFIG_RULES } from '../../../../src/core/config/rules/configRules';
import { ANALYSIS_STAGES } from '../../../../src/core/dataset/analysis/analysisProgress';
import type { FindingCode } from '../../../../src/shared/findings';
import { ALL_DATASET_ENGINE_RULES, FINDING_CODES, RULE_CATALOG, RULE_SETTINGS } from '../../../../src/core/dataset/ruleCatalog';
import { DATASET_RULES } from '../../../../src/core/dataset/rules/datasetRules';
import { RECORD_RULES } from '../../../../src/core/dataset/rules/recordRules';
import { duplicateCodes } from '../../../../src/core/rules/defineRule';
import { settingDefinitions } from '../../../../src/core/settings/settings';
import { repoRoot } from '../../../repoRoot';

// Every member of each code union, spelled out: the compiler rejects a missing or unknown one,
// so the tests below compare the registries against the types.
const DATASET_CODES: Record<FindingCode, true> = {
  'malformed-json': true,
  'invalid-encoding': true,
  'invalid-record': true,
  'role-order': true,
  'empty-turn': true,
  'too-short': true,
  'too-long': true,
  'low-unique-ratio': true,
  'sensitive-term': true,
  pii: true,
  'low-annotator-score': true,
  'template-placeholder': true,
  'exact-duplicate': true,
  'near-duplicate': true,
  'semantic-duplicate': true,
  'pair-too-similar': true,
  'template-tone': true,
  'mixed-formats': true,
  'unknown-format': true,
  'not-a-dataset': true,
};
const CONFIG_CODES: Record<ConfigFindingCode, true> = {
  syntax: true,
  schema: true,
  'unknown-key': true,
  'kl-out-of-range': true,
  'ppo-adaptive-kl': true,
  'lr-too-high': true,
  'lr-too-low': true,
  'ppo-stable-default': true,
  'lora-stable-default': true,
  'max-grad-norm': true,
  'reward-model-larger': true,
  'gpu-memory': true,
  'sharding-required': true,
  'deprecated-key': true,
  'too-large': true,
  'unknown-dataset': true,
  'data-file-missing': true,
  'stage-data-mismatch': true,
  'template-mismatch': true,
  'mixed-file-types': true,
  'formatting-mismatch': true,
  'column-missing': true,
  'tags-mismatch': true,
  'ranking-mismatch': true,
  'unused-dataset': true,
  'over-cutoff': true,
  'tokenizer-missing': true,
  'stop-token-unknown': true,
  'stop-token-not-eos': true,
  'base-model-chat-template': true,
};

/** The `## code` (or `## code-a / code-b`) headings of a docs page. */
function documentedCodes(page: string): Set<string> {
  const text = readFileSync(join(repoRoot(), 'docs', page), 'utf8');
  return new Set([...text.matchAll(/^#{2,3} (.+)$/gm)].flatMap((m) => m[1].split(' / ').map((s) => s.trim())));
}

describe('rule registries and the catalogues built from them', () => {
  it('declare every dataset finding code exactly once, with a title and a reason', () => {
    assert.deepEqual([...FINDING_CODES].sort(), Object.keys(DATASET_CODES).sort());
    assert.deepEqual(duplicateCodes(ALL_DATASET_ENGINE_RULES), []);
    for (const code of FINDING_CODES) {
      const info = RULE_CATALOG[code];
      assert.equal(info.code, code);
      assert.ok(info.title.length > 3 && info.why.length > 20, code);
    }
  });

  it('declare every config finding code exactly once', () => {
    assert.deepEqual([...CONFIG_FINDING_CODES].sort(), Object.keys(CONFIG_CODES).sort());
    assert.deepEqual(duplicateCodes(ALL_CONFIG_RULES), []);
  });

  it('give each rule the codes it declares, and a finding the severity its rule declares', () => {
    for (const rule of [...RECORD_RULES, ...DATASET_RULES])
      assert.deepEqual(
        rule.codes,
        rule.info.map((i) => i.code),
      );
    for (const code of CONFIG_FINDING_CODES.filter((c) => c !== 'syntax' && c !== 'too-large')) {
      const range = { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } };
      assert.equal(configFinding(code, range, 'x', []).severity, CONFIG_RULE_CATALOG[code].defaultSeverity, code);
    }
  });

  it('name only settings that exist', () => {
    const settings = settingDefinitions;
    const named = [...Object.values(RULE_SETTINGS).flat(), ...CONFIG_FINDING_CODES.flatMap((c) => CONFIG_RULE_CATALOG[c].settings)];
    assert.ok(named.includes('dataset.nearDuplicateThreshold') && named.includes('config.kl.min'));
    for (const key of named) assert.ok(key in settings, `tunelab.${key} is a setting`);
  });

  it('run the dataset rules in progress order, the exact duplicates before the near ones', () => {
    const stages = DATASET_RULES.map((r) => ANALYSIS_STAGES.indexOf(r.stage));
    assert.deepEqual(
      stages,
      [...stages].sort((a, b) => a - b),
    );
    const codes = DATASET_RULES.flatMap((r) => r.codes);
    assert.ok(codes.indexOf('exact-duplicate') < codes.indexOf('near-duplicate'));
  });

  it('have a section in the docs for every code', () => {
    const dataset = documentedCodes('dataset-findings.md');
    for (const code of FINDING_CODES) assert.ok(dataset.has(code), `docs/dataset-findings.md has a "## ${code}" section`);
    // The pre-flight's codes (config ↔ data, tokens) are documented with the pre-flight.
    const config = new Set([...documentedCodes('config-findings.md'), ...documentedCodes('preflight.md')]);
    for (const code of CONFIG_FINDING_CODES) assert.ok(config.has(code), `docs/config-findings.md or docs/preflight.md has a "## ${code}" section`);
  });

  it('are what the settings schema and the JSON report schema accept', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { propertyNames?: { enum: string[] } }> } };
    };
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual([...properties['tunelab.dataset.severity'].propertyNames!.enum].sort(), [...FINDING_CODES].sort());
    assert.deepEqual([...properties['tunelab.config.severity'].propertyNames!.enum].sort(), [...CONFIG_FINDING_CODES].sort());
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as unknown;
    const enums: string[][] = [];
    // every `enum` listing finding codes (the finding's code, the summary's counts per code)
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'enum' && Array.isArray(value) && value.includes('pii')) enums.push(value as string[]);
          else walk(value);
        }
      }
    };
    walk(schema);
    assert.ok(enums.length >= 3);
    for (const list of enums) {
      const expected = list.includes('syntax') ? [...FINDING_CODES, ...CONFIG_FINDING_CODES] : [...FINDING_CODES];
      assert.deepEqual([...list].sort(), expected.sort());
    }
  });
});
