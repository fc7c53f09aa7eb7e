import { stat } from 'node:fs/promises';
import type { AnalyzeOptions, DatasetReport } from '../analysis/analyzeDataset';
import { analyzeDataset } from '../analysis/analyzeDataset';
import type { AnalysisOptions } from '../analysisOptions';
import { datasetInfoFor, loadLexicon } from '../datasetFile';
import type { Finding, FindingCode, Severity } from '../../../shared/findings';
import { fileSource } from '../reading/byteSource';
import type { ColumnarSchema, ReadProblem } from './columnarSchema';
import type { JsonLinesView } from './jsonLinesView';
import { jsonLinesView } from './jsonLinesView';
import type { RowMap } from './rowMap';

/** Where a finding sits in a table: its 1-based row (0: the whole file) and, when it is about a field, the column. */
export interface Cell {
  row: number;
  column?: string;
}

export type ColumnarFinding = Finding & { cell: Cell };

export interface ColumnarReport extends DatasetReport {
  findings: ColumnarFinding[];
  /** The file's schema; absent when it could not be opened. */
  table?: ColumnarSchema;
}

export type ColumnarAnalyzeOptions = Omit<AnalyzeOptions, 'analysis' | 'datasetInfo'> & { lexiconBaseDir?: string };

/**
 * Checks a Parquet, Arrow or CSV/TSV file with the unchanged dataset engine: the rows become a
 * temporary JSON Lines file (jsonLinesView), the engine analyses it like any JSON Lines
 * dataset, and every record number in the report is mapped back to the file's row, every
 * field to its column. Parts that could not be read become findings; nothing throws for bad
 * input and the input is never written.
 */
export async function analyzeColumnarFile(path: string, analysis: AnalysisOptions, extra: ColumnarAnalyzeOptions = {}): Promise<ColumnarReport> {
  const view = await jsonLinesView(path, extra.signal);
  try {
    return (await analyzeView(path, view, analysis, extra)).report;
  } finally {
    await view.dispose();
  }
}

/** The engine's own report on the view (record numbers of the JSON Lines file, for clean) and the mapped one. */
export async function analyzeView(
  path: string,
  view: JsonLinesView,
  analysis: AnalysisOptions,
  extra: ColumnarAnalyzeOptions = {},
): Promise<{ engine?: DatasetReport; report: ColumnarReport }> {
  const bytes = (await stat(path)).size;
  if (!view.jsonlPath) return { report: unreadableReport(path, bytes, view.problems, analysis) };
  const [datasetInfo, terms] = await Promise.all([
    datasetInfoFor(path),
    extra.terms ? Promise.resolve(extra.terms) : loadLexicon(analysis, extra.lexiconBaseDir),
  ]);
  const source = await fileSource(view.jsonlPath);
  let engine: DatasetReport;
  try {
    engine = await analyzeDataset(source, { ...extra, analysis, datasetInfo, terms });
  } finally {
    await source.close();
  }
  return { engine, report: mapReport(path, bytes, engine, view, analysis) };
}

function mapReport(path: string, bytes: number, engine: DatasetReport, view: JsonLinesView, analysis: AnalysisOptions): ColumnarReport {
  const rows = view.rows;
  // No row could be read: the engine's "no records" would hide why; the read problems say it.
  const unreadable = rows.count === 0 && view.problems.length > 0;
  const findings = engine.findings.filter((f) => !(unreadable && f.code === 'not-a-dataset')).map((f) => mapFinding(f, rows));
  const problemFindings = view.problems.map((p) => problemFinding(p, analysis));
  const summary = { ...engine.summary, bytes, tone: engine.summary.tone.map((t) => ({ ...t, examples: t.examples.map((r) => rows.rowOf(r)) })) };
  if (problemFindings.length) {
    const findingsByCode = { ...summary.findingsByCode };
    const recordsByCode = { ...summary.recordsByCode };
    const flaggedRows = new Set(findings.filter((f) => f.cell.row > 0).map((f) => f.cell.row));
    let flagged = summary.flaggedRecords;
    let unread = 0;
    for (const f of problemFindings) {
      findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
      recordsByCode[f.code] = (recordsByCode[f.code] ?? 0) + 1;
      if (f.cell.row > 0 && !flaggedRows.has(f.cell.row)) flagged++;
    }
    for (const p of view.problems) if (p.record === undefined && p.kind !== 'file') unread += p.rows ?? (p.kind === 'row' ? 1 : 0);
    summary.findingsByCode = findingsByCode;
    summary.recordsByCode = recordsByCode;
    summary.records += unread;
    summary.flaggedRecords = flagged;
    summary.flaggedShare = summary.records ? Math.min(1, flagged / summary.records) : 0;
  }
  const all = [...problemFindings, ...findings].sort((a, b) => a.cell.row - b.cell.row || a.code.localeCompare(b.code));
  return { ...engine, source: path, summary, findings: all, table: view.schema };
}

/** The row and column of an engine finding; its positions become the row (line = row - 1), as the JSON Lines view has one row a line. */
function mapFinding(f: Finding, rows: RowMap): ColumnarFinding {
  const row = rows.rowOf(f.record);
  const twin = f.data.twin;
  const field = f.data.field;
  const column = field ? field.split('.')[0] : undefined;
  const data = { ...f.data };
  // Byte offsets and positions inside the temporary file mean nothing in the columnar one.
  delete data.recordRange;
  delete data.previousEnd;
  delete data.nextStart;
  delete data.byteStart;
  delete data.byteEnd;
  delete data.container;
  if (twin !== undefined) data.twin = rows.rowOf(twin);
  const args = twin !== undefined ? f.args.map((a) => (a === twin ? rows.rowOf(twin) : a)) : f.args;
  const at = rowRange(row);
  return {
    ...f,
    record: row,
    range: at,
    args,
    related: f.related?.map((r) => ({
      ...r,
      record: rows.rowOf(r.record),
      range: rowRange(rows.rowOf(r.record)),
      args: r.args.map((a) => (a === r.record ? rows.rowOf(r.record) : a)),
    })),
    data,
    cell: column ? { row, column } : { row },
  };
}

function rowRange(row: number) {
  const line = Math.max(0, row - 1);
  return { start: { line, column: 0 }, end: { line, column: 0 } };
}

/** A part that could not be read: the whole file (not-a-dataset), or rows (invalid-record, at the first of them). */
function problemFinding(p: ReadProblem, analysis: AnalysisOptions): ColumnarFinding {
  const code: FindingCode = p.kind === 'file' ? 'not-a-dataset' : 'invalid-record';
  const configured = analysis.severity[code];
  // Unreadable input is always said, even with the code turned off: its rows were never checked.
  const severity: Severity = configured && configured !== 'off' ? configured : 'error';
  const row = p.kind === 'file' ? 0 : (p.row ?? 0);
  return { code, severity, record: row, range: rowRange(row), message: p.message, args: p.args, data: {}, cell: { row } };
}

function unreadableReport(path: string, bytes: number, problems: ReadProblem[], analysis: AnalysisOptions): ColumnarReport {
  const findings = problems.map((p) => problemFinding(p, analysis));
  const byCode: Partial<Record<FindingCode, number>> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  return {
    source: path,
    findings,
    summary: {
      records: 0,
      bytes,
      container: 'empty',
      formats: {},
      flaggedRecords: 0,
      flaggedShare: 0,
      findingsByCode: byCode,
      recordsByCode: {},
      mix: {
        classes: { 'single-turn': 0, 'multi-turn': 0, 'tool-call': 0, preference: 0, pretrain: 0 },
        categoryField: analysis.categoryField,
        categories: {},
        targets: [],
      },
      tone: [],
      elapsedMs: 0,
    },
    timings: { records: 0, nearDuplicates: 0, datasetStages: 0, threads: 0 },
  };
}
