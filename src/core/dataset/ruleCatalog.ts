import type { RuleInfo as AnyRuleInfo } from '../rules/defineRule';
import { catalogOf } from '../rules/defineRule';
import type { FindingCode } from '../../shared/findings';
import { DATASET_RULES } from './rules/datasetRules';
import { fileFindings } from './rules/fileFindings';
import { RECORD_RULES } from './rules/recordRules';
import { semanticDuplicateRule } from './semantic/semanticDuplicateRule';

/**
 * What every finding code means: its default severity, a title, one sentence on why it
 * matters (from the domain rules) and the settings that tune it, shown in hovers, SARIF rule
 * metadata and the docs. Each code is declared in the file of the rule that reports it; the
 * catalogue is built from the registries.
 */
export type RuleInfo = AnyRuleInfo<FindingCode>;

/** Every rule of the dataset engine: the reader's own codes, then record rules, then dataset rules, then the opt-in semantic pass. */
export const ALL_DATASET_ENGINE_RULES = [fileFindings, ...RECORD_RULES, ...DATASET_RULES, semanticDuplicateRule];

export const RULE_CATALOG: Readonly<Record<FindingCode, RuleInfo>> = catalogOf<FindingCode>(ALL_DATASET_ENGINE_RULES);

export const FINDING_CODES = Object.keys(RULE_CATALOG) as FindingCode[];

/** The settings (without `tunelab.`) that tune each code, for hovers and docs. */
export const RULE_SETTINGS: Readonly<Partial<Record<FindingCode, readonly string[]>>> = Object.fromEntries(
  FINDING_CODES.filter((code) => RULE_CATALOG[code].settings.length > 0).map((code) => [code, RULE_CATALOG[code].settings]),
);
