import type { ConfigFindingCode, Range } from '../../../shared/findings';
import type { Settings } from '../../settings/settings';
import type { ConfigFinding, ConfigFindingData } from '../configFindings';
import { CONFIG_RULE_CATALOG } from '../configRuleCatalog';
import type { ConfigDocument, ConfigEntry } from '../document/configTree';
import { topLevelEntry } from '../document/configTree';
import type { TrainingFacts } from '../facts/trainingFacts';
import type { ConfigKind } from '../kinds/configKind';

export interface ConfigRuleContext {
  document: ConfigDocument;
  kind: ConfigKind;
  /** Top-level keys and plain values. */
  values: Readonly<Record<string, unknown>>;
  facts: TrainingFacts;
  settings: Settings;
  /** `weak` when a few keys decided the kind: findings that assume the kind are toned down. */
  strength: 'strong' | 'weak';
}

/** One config rule: reads the context, returns findings (severity from the catalogue; the runner applies settings). */
export interface ConfigRule {
  readonly codes: readonly ConfigFindingCode[];
  check(context: ConfigRuleContext): ConfigFinding[];
}

export function configFinding(code: ConfigFindingCode, range: Range, message: string, args: Array<string | number>, data: ConfigFindingData = {}): ConfigFinding {
  return { code, severity: CONFIG_RULE_CATALOG[code].defaultSeverity, range, message, args, data };
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
