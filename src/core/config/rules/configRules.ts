import type { ConfigRule } from './configRule';
import { deprecatedKeyRule } from './deprecatedKeyRule';
import { gpuMemoryRule } from './gpuMemoryRule';
import { klCoefficientRule } from './klCoefficientRule';
import { learningRateRule } from './learningRateRule';
import { loraStableDefaultsRule } from './loraStableDefaultsRule';
import { maxGradNormRule } from './maxGradNormRule';
import { ppoAdaptiveKlRule } from './ppoAdaptiveKlRule';
import { ppoStableDefaultsRule } from './ppoStableDefaultsRule';
import { rewardModelSizeRule } from './rewardModelSizeRule';
import { schemaRule } from './schemaRule';
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
];
