import type { Range, Severity } from '../../../shared/findings';
import type { DefinedRule, RuleInfo } from '../../rules/defineRule';
import { defineRule } from '../../rules/defineRule';
import type { Settings } from '../../settings/settings';
import type { ConfigFinding, ConfigFindingData } from '../configFindings';
import type { ConfigFindingCode } from '../../../shared/findings';
import type { ConfigDocument, ConfigEntry } from '../document/configTree';
import { topLevelEntry } from '../document/configTree';
import type { ClusterShape } from '../facts/clusterShape';
import type { TrainingFacts } from '../facts/trainingFacts';
import type { ConfigKind } from '../kinds/configKind';

export interface ConfigRuleContext {
  document: ConfigDocument;
  kind: ConfigKind;
  /** Top-level keys and plain values. */
  values: Readonly<Record<string, unknown>>;
  facts: TrainingFacts;
  settings: Settings;
  /** The file's name or path, when known. */
  fileName?: string;
  /** The GPUs the run gets and where that figure came from (the launch target, CLI flags or the settings). */
  cluster: ClusterShape;
  /** `weak` when a few keys decided the kind: findings that assume the kind are toned down. */
  strength: 'strong' | 'weak';
}

/** One config rule: reads the context, returns findings (severity from its info; the runner applies settings). */
export interface ConfigRuleCheck {
  check(context: ConfigRuleContext): ConfigFinding[];
}

export type ConfigRule = ConfigRuleCheck & DefinedRule<ConfigFindingCode>;

/**
 * Default severities of the codes declared so far. Filled as rules are defined, so that
 * `configFinding` needs no import of the catalogue (which imports the registry, which imports
 * the rules: a cycle).
 */
const DEFAULT_SEVERITY = new Map<ConfigFindingCode, Severity>();

/** Declares a config rule: the codes it reports (for the catalogue) and its check. */
export function defineConfigRule(rule: ConfigRuleCheck & { info: readonly RuleInfo<ConfigFindingCode>[] }): ConfigRule {
  for (const info of rule.info) DEFAULT_SEVERITY.set(info.code, info.defaultSeverity);
  return defineRule<ConfigFindingCode, ConfigRuleCheck>(rule);
}

export function configFinding(
  code: ConfigFindingCode,
  range: Range,
  message: string,
  args: Array<string | number>,
  data: ConfigFindingData = {},
): ConfigFinding {
  return { code, severity: DEFAULT_SEVERITY.get(code) ?? 'warning', range, message, args, data };
}

export function entryOf(context: ConfigRuleContext, key: string): ConfigEntry | undefined {
  return topLevelEntry(context.document, key);
}

/**
 * Where a finding about an absent key goes: the `stage` line for LLaMA-Factory, else the
 * first key, else the top of the file.
 */
export function anchorEntry(context: ConfigRuleContext, ...preferred: string[]): ConfigEntry | undefined {
  for (const key of [...preferred, 'stage', 'finetuning_type']) {
    const entry = entryOf(context, key);
    if (entry) return entry;
  }
  return context.document.root?.entries?.[0];
}

export function anchorRange(context: ConfigRuleContext, ...preferred: string[]): Range {
  return anchorEntry(context, ...preferred)?.keyRange ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
}

/** The whole `key: value` span, for findings about a value. */
export function entryRange(entry: ConfigEntry): Range {
  return { start: entry.keyRange.start, end: entry.value.range.end.line === entry.keyRange.start.line ? entry.value.range.end : entry.keyRange.end };
}
