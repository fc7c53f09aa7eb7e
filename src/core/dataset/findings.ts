import { formatMessage } from '../../shared/format';

/**
 * A finding is plain data: the same object becomes a VS Code diagnostic, a previewer badge,
 * a CLI line, a JSON entry or a SARIF result, so it looks the same everywhere.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

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
  | 'pair-too-similar'
  | 'template-tone'
  | 'mixed-formats'
  | 'unknown-format'
  | 'not-a-dataset';

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

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** 1-based record index; 0 for findings about the whole file. */
  record: number;
  range: Range;
  /** English template with `{0}` placeholders; adapters localise it. */
  message: string;
  args: Array<string | number>;
  related?: RelatedRecord[];
  data: FindingData;
}

export function renderMessage(finding: Pick<Finding, 'message' | 'args'>): string {
  return formatMessage(finding.message, ...finding.args);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.code.localeCompare(b.code);
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** True when `severity` is at least as serious as `floor`. */
export function atLeast(severity: Severity, floor: Severity): boolean {
  return ORDER[severity] <= ORDER[floor];
}
