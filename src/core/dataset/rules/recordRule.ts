import type { DefinedRule, RuleInfo } from '../../rules/defineRule';
import { defineRule } from '../../rules/defineRule';
import type { TermMatcher } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import type { FindingCode, FindingData } from '../../../shared/findings';
import type { DatasetRecord, FieldPath, StructuralProblem } from '../formats/recordModel';

/** What a record rule reports: where (a field, optionally a span of its text) and what. */
export interface RuleHit {
  code: FindingCode;
  message: string;
  args: Array<string | number>;
  /** JSON path of the field; empty for the whole record. */
  path: FieldPath;
  /** [start, end) within the field's decoded text, to narrow the range to a match. */
  span?: [number, number];
  data?: FindingData;
}

export interface RecordRuleContext {
  options: AnalysisOptions;
  /** The sensitive-term matcher, when a lexicon is loaded. */
  terms?: TermMatcher;
  /** The record as parsed (for fields outside the model, such as ratings). */
  raw: unknown;
  /** Structural problems the format normaliser found. */
  problems: readonly StructuralProblem[];
}

/** One check over one record. Each rule lives in its own file under rules/record/. */
export interface RecordCheck {
  check(record: DatasetRecord | undefined, context: RecordRuleContext): RuleHit[];
}

export type RecordRule = RecordCheck & DefinedRule<FindingCode>;

/** Declares a record rule: the codes it reports (for the catalogue) and its check. */
export function defineRecordRule(rule: RecordCheck & { info: readonly RuleInfo<FindingCode>[] }): RecordRule {
  return defineRule<FindingCode, RecordCheck>(rule);
}
