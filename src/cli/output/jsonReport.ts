import type { ConfigCheck } from '../../core/config/checkConfig';
import type { ConfigFindingData } from '../../core/config/configFindings';
import type { ConfigFindingCode, FindingCode, FindingData, Range, Severity } from '../../shared/findings';
import type { ConfigKind, OtherConfig } from '../../core/config/kinds/configKind';
import { OTHER_LABELS } from '../../core/config/kinds/configKind';
import type { DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import { reportFindings } from '../../core/dataset/analysis/datasetReport';
import type { Cell, ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import type { ColumnarSchema } from '../../core/dataset/columnar/columnarSchema';
import type { DatasetSummary } from '../../core/dataset/datasetSummary';
import { localize } from '../localize';
import { displayPath } from './textReport';

/**
 * The `--format json` report. Versioned: fields are only ever added within a schema
 * version; removing or changing one bumps `schemaVersion`. The JSON Schema is
 * docs/check-report.schema.json and a test validates the CLI's output against it.
 * Lines and columns are 1-based here (as in the text output); columns count UTF-16 code units.
 */
export const CHECK_REPORT_SCHEMA_VERSION = 1;

export interface CheckReport {
  schemaVersion: typeof CHECK_REPORT_SCHEMA_VERSION;
  tool: { name: 'tunelab'; version: string };
  files: FileReport[];
  totals: { files: number; records: number; findings: number; bySeverity: Record<Severity, number> };
}

export interface FileReport {
  path: string;
  /** Set when the file could not be read; there are then no findings or summary. */
  error?: string;
  summary?: DatasetSummary;
  /** Parquet, Arrow and CSV files: the schema (columns and types, row groups or batches, compression). */
  table?: ColumnarSchema;
  /** Set for training configs: the kind and how it was decided. */
  config?: { kind: ConfigKind; decidedBy: 'file' | 'override' | 'content'; evidence?: string[]; strength?: 'strong' | 'weak' } | UncheckedConfig;
  findings: JsonFinding[];
}

export interface JsonFinding {
  code: FindingCode | ConfigFindingCode;
  severity: Severity;
  record: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  messageTemplate: string;
  args: Array<string | number>;
  related: Array<{ record: number; line: number; column: number; message: string }>;
  data: FindingData | ConfigFindingData;
  /** Parquet, Arrow and CSV files: the row (1-based; 0 for the whole file) and the column. `line` is then the row, `column` 1. */
  cell?: Cell;
}

/** A dataset's report entry and its findings, converted one at a time as the writer asks (never all at once). */
export function toJsonFileReport(
  report: DatasetReport | ColumnarReport,
  cwd: string,
): { entry: Omit<FileReport, 'findings'>; findings: Iterable<JsonFinding> } {
  return {
    entry: { path: displayPath(report.source, cwd), summary: report.summary, ...('table' in report && report.table ? { table: report.table } : {}) },
    findings: (function* () {
      for (const f of reportFindings(report)) {
        yield {
          ...jsonFinding(f, f.record),
          related: (f.related ?? []).map((r) => ({
            record: r.record,
            line: r.range.start.line + 1,
            column: r.range.start.column + 1,
            message: localize(r.message, r.args),
          })),
          ...('cell' in f ? { cell: f.cell } : {}),
        };
      }
    })(),
  };
}

export function toJsonConfigReport(
  check: ConfigCheck & { kind: ConfigKind },
  path: string,
  cwd: string,
): { entry: Omit<FileReport, 'findings'>; findings: Iterable<JsonFinding> } {
  return {
    entry: {
      path: displayPath(path, cwd),
      config: {
        kind: check.kind,
        decidedBy: check.kindSource,
        ...(check.evidence.length ? { evidence: check.evidence } : {}),
        ...(check.strength ? { strength: check.strength } : {}),
      },
    },
    findings: check.findings.map((f) => jsonFinding(f, 0)),
  };
}

/**
 * A YAML or JSON file that was not checked as a training config: a few training keys but too
 * few to name a framework (`unrecognised`), another tool's config (`accelerate`, `deepspeed`…),
 * or, when named on the command line, one with no training keys (`unknown`).
 */
export interface UncheckedConfig {
  kind: OtherConfig;
  /** The kind in words, localised ("config kind not recognised", "Accelerate config"). */
  label: string;
  checked: false;
  decidedBy: 'file' | 'override' | 'content';
  evidence?: string[];
}

export function toJsonUncheckedConfigReport(check: ConfigCheck, path: string, cwd: string): FileReport {
  const kind = check.other ?? 'unknown';
  return {
    path: displayPath(path, cwd),
    config: {
      kind,
      label: localize(OTHER_LABELS[kind], []),
      checked: false,
      decidedBy: check.kindSource,
      ...(check.evidence.length ? { evidence: check.evidence } : {}),
    },
    findings: [],
  };
}

/** A file not read as a config (too large): only its findings. */
export function toJsonConfigFindingsReport(check: ConfigCheck, path: string, cwd: string): FileReport {
  return { path: displayPath(path, cwd), findings: check.findings.map((f) => jsonFinding(f, 0)) };
}

/** dataset_info.json checked against its data files: only its findings (config-finding codes). */
export function toJsonDatasetInfoReport(findings: readonly ConfigCheck['findings'][number][], path: string, cwd: string): FileReport {
  return { path: displayPath(path, cwd), findings: findings.map((f) => jsonFinding(f, 0)) };
}

/** A dataset or config finding in the report: 1-based positions, the message localised and as its template. */
function jsonFinding(
  f: { code: JsonFinding['code']; severity: Severity; range: Range; message: string; args: Array<string | number>; data: JsonFinding['data'] },
  record: number,
): JsonFinding {
  return {
    code: f.code,
    severity: f.severity,
    record,
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.column + 1,
    message: localize(f.message, f.args),
    messageTemplate: f.message,
    args: f.args,
    related: [],
    data: f.data,
  };
}
