import type { RuleInfo } from '../rules/defineRule';
import { catalogOf } from '../rules/defineRule';
import type { ConfigFindingCode } from '../../shared/findings';
import { ALL_CONFIG_RULES } from './rules/configRules';

/**
 * What each config finding code means: default severity, a title, why it matters and the
 * settings that tune it (shown in hovers, SARIF rule metadata and docs/config-findings.md).
 * Each code is declared in the file of the rule that reports it; this is built from the registry.
 */
export type ConfigRuleInfo = RuleInfo<ConfigFindingCode>;

export const CONFIG_RULE_CATALOG: Readonly<Record<ConfigFindingCode, ConfigRuleInfo>> = catalogOf(ALL_CONFIG_RULES);

export const CONFIG_FINDING_CODES = Object.keys(CONFIG_RULE_CATALOG) as ConfigFindingCode[];
