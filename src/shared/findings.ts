import { formatMessage } from './format';

/**
 * The shared kernel of findings, used by the dataset engine, the config checker, the jobs, the
 * CLI, the extension and the webviews alike (so: no Node built-ins, no VS Code here).
 *
 * A finding is plain data: the same object becomes a VS Code diagnostic, a previewer badge,
 * a CLI line, a JSON entry or a SARIF result, so it looks the same everywhere.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** The one severity order: most serious first. */
export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A severity's place in {@link SEVERITY_ORDER} (0 is the most serious); unknown strings sort last. */
export function severityRank(severity: string): number {
  return RANK[severity as Severity] ?? SEVERITY_ORDER.length;
}

/** True when `severity` is at least as serious as `floor`. */
export function atLeast(severity: Severity, floor: Severity): boolean {
  return RANK[severity] <= RANK[floor];
}

/** The entries of a per-code record, keyed by code (Object.entries forgets the key type). */
export function entriesByCode<C extends string, V>(byCode: Partial<Record<C, V>>): Array<[C, V]> {
  return Object.entries(byCode) as Array<[C, V]>;
}

/** The most serious severity each code was reported with. */
export function mostSevereByCode<C extends string>(findings: Iterable<{ code: C; severity: Severity }>): Map<C, Severity> {
  const map = new Map<C, Severity>();
  for (const f of findings) {
    const seen = map.get(f.code);
    if (!seen || RANK[f.severity] < RANK[seen]) map.set(f.code, f.severity);
  }
  return map;
}

/**
 * The one severity lookup: a finding's severity after the user's settings (`off` drops it;
 * nothing configured keeps the rule's default).
 */
export function configuredSeverity<C extends string>(
  overrides: Partial<Record<C, Severity | 'off'>>,
  code: C,
  defaultSeverity: Severity,
): Severity | undefined {
  const configured = overrides[code];
  return configured === 'off' ? undefined : (configured ?? defaultSeverity);
}

export type FindingCode =
  | 'malformed-json'
  | 'invalid-encoding'
  | 'invalid-record'
  | 'role-order'
  | 'empty-turn'
  | 'too-short'
  | 'too-long'
  | 'low-unique-ratio'
  | 'sensitive-term'
  | 'pii'
  | 'low-annotator-score'
  | 'template-placeholder'
  | 'exact-duplicate'
  | 'near-duplicate'
  | 'semantic-duplicate'
  | 'pair-too-similar'
  | 'template-tone'
  | 'mixed-formats'
  | 'unknown-format'
  | 'not-a-dataset';

/** Stable codes of the training-config checker the CLI prints and settings refer to. */
export type ConfigFindingCode =
  | 'syntax'
  | 'schema'
  | 'unknown-key'
  | 'kl-out-of-range'
  | 'ppo-adaptive-kl'
  | 'lr-too-high'
  | 'lr-too-low'
  | 'ppo-stable-default'
  | 'lora-stable-default'
  | 'max-grad-norm'
  | 'reward-model-larger'
  | 'gpu-memory'
  | 'sharding-required'
  | 'deprecated-key'
  | 'too-large'
  // Config ↔ dataset_info.json ↔ data (src/core/preflight): in configs and in dataset_info.json.
  | 'unknown-dataset'
  | 'data-file-missing'
  | 'stage-data-mismatch'
  | 'template-mismatch'
  | 'mixed-file-types'
  | 'formatting-mismatch'
  | 'column-missing'
  | 'tags-mismatch'
  | 'ranking-mismatch'
  | 'unused-dataset'
  // Tokens and the run plan (src/core/preflight): only from the pre-flight check.
  | 'over-cutoff'
  | 'tokenizer-missing'
  | 'stop-token-unknown'
  | 'stop-token-not-eos'
  | 'base-model-chat-template';

/** 0-based line; column in UTF-16 code units, as editors count. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedRecord {
  /** 1-based record index. */
  record: number;
  range: Range;
  message: string;
  args: Array<string | number>;
}

/** What a quick fix needs, so it never re-parses the file. */
export interface FindingData {
  /** The whole record. */
  recordRange?: Range;
  /** End of the previous record (JSON arrays: deleting from here removes the separating comma). */
  previousEnd?: Position;
  /** Start of the next record. */
  nextStart?: Position;
  container?: 'lines' | 'array';
  /** Byte range of the record in the file. */
  byteStart?: number;
  byteEnd?: number;
  /** Duplicates: the earlier record this one repeats (1-based). */
  twin?: number;
  similarity?: number;
  /** What was measured and the threshold it was held against, for hovers. */
  measured?: number;
  threshold?: number;
  /** JSON path of the field the finding is about. */
  field?: string;
  /** Extra detail: the matched term, its category, PII kind… */
  detail?: Record<string, string | number>;
}

/** What every finding has, whichever checker made it: dataset findings and config findings are this shape. */
export interface FindingShape<Code extends string = string, Data = unknown> {
  code: Code;
  severity: Severity;
  range: Range;
  /** English template with `{0}` placeholders; adapters localise it. */
  message: string;
  args: Array<string | number>;
  data: Data;
}

/** A dataset finding. */
export interface Finding extends FindingShape<FindingCode, FindingData> {
  /** 1-based record index; 0 for findings about the whole file. */
  record: number;
  related?: RelatedRecord[];
}

export function renderMessage(finding: Pick<FindingShape, 'message' | 'args'>): string {
  return formatMessage(finding.message, ...finding.args);
}

/** The one finding order: by position in the file, then by code. */
export function compareFindings(a: Pick<FindingShape, 'code' | 'range'>, b: Pick<FindingShape, 'code' | 'range'>): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.code.localeCompare(b.code);
}
