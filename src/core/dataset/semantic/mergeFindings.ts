import type { Finding } from '../../../shared/findings';
import { compareFindings } from '../../../shared/findings';
import type { DatasetReport } from '../analysis/datasetReport';

/**
 * A report with the semantic pass's findings joined to the lexical analysis's: in the one
 * finding order, counted per code. Only the public report is touched (the engine's finding
 * storage is not), so the pass can run after any analysis, in the CLI or the editor.
 * The flagged-record figures stay those of the lexical analysis: the semantic code is info.
 */
export function withSemanticFindings(report: DatasetReport, extra: readonly Finding[]): DatasetReport {
  if (extra.length === 0) return report;
  const findings = [...report.findings, ...extra].sort(compareFindings);
  const findingsByCode = { ...report.summary.findingsByCode };
  const recordsByCode = { ...report.summary.recordsByCode };
  const records = new Set<number>();
  for (const f of extra) {
    findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
    records.add(f.record);
  }
  recordsByCode['semantic-duplicate'] = (recordsByCode['semantic-duplicate'] ?? 0) + records.size;
  return { ...report, findings, summary: { ...report.summary, findingsByCode, recordsByCode } };
}

/** 0-based records the lexical analysis reported as exact copies: the semantic pass leaves them to that code. */
export function exactCopies(report: DatasetReport): Set<number> {
  return new Set(report.findings.filter((f) => f.code === 'exact-duplicate' && f.record > 0).map((f) => f.record - 1));
}
