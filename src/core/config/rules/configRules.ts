import type { ConfigRule } from './configRule';
import { configFileFindings } from './configFileFindings';
import { deprecatedKeyRule } from './deprecatedKeyRule';
import { gpuMemoryRule } from './gpuMemoryRule';
import { klCoefficientRule } from './klCoefficientRule';
import { learningRateRule } from './learningRateRule';
import { loraStableDefaultsRule } from './loraStableDefaultsRule';
import { maxGradNormRule } from './maxGradNormRule';
import { ppoAdaptiveKlRule } from './ppoAdaptiveKlRule';
import { ppoStableDefaultsRule } from './ppoStableDefaultsRule';
import { preflightCodes } from './preflightCodes';
import { rewardModelSizeRule } from './rewardModelSizeRule';
import { schemaRule } from './schemaRule';
import { shardingRequiredRule } from './shardingRequiredRule';
import { unknownKeyRule } from './unknownKeyRule';

/** Schema-level rules: left to a JSON/YAML language server where one already validates the file. */
export const SCHEMA_RULES: readonly ConfigRule[] = [schemaRule, unknownKeyRule, deprecatedKeyRule];

/** Domain rules: what a schema cannot say. */
export const DOMAIN_RULES: readonly ConfigRule[] = [
  klCoefficientRule,
  ppoAdaptiveKlRule,
  learningRateRule,
  ppoStableDefaultsRule,
  maxGradNormRule,
  loraStableDefaultsRule,
  rewardModelSizeRule,
  gpuMemoryRule,
  shardingRequiredRule,
];

/**
 * Every config rule, the checker's own codes first: the catalogue (CONFIG_RULE_CATALOG) is
 * built from this. Adding a rule: its file (defineConfigRule), SCHEMA_RULES or DOMAIN_RULES,
 * its test, its section in docs/config-findings.md.
 */
export const ALL_CONFIG_RULES: readonly ConfigRule[] = [configFileFindings, ...SCHEMA_RULES, ...DOMAIN_RULES, preflightCodes];
