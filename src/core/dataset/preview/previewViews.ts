import type { AnalysisStatus, ViewFilter } from '../../../shared/protocol/datasetPreview';
import { RpcError } from '../../../shared/protocol/rpc';
import type { DatasetReport } from '../analysis/analyzeDataset';
import type { Finding, Severity } from '../../../shared/findings';
import { atLeast } from '../../../shared/findings';
import type { PreviewRow } from './pageReader';
import type { ColumnSet } from './previewColumns';
import { columnSetForFormat } from './previewColumns';

/** Views kept per document: panels ask for a new one whenever their filter changes. */
const KEPT_VIEWS = 8;
const KEPT_SEARCHES = 4;

/**
 * The previewer's views of one dataset file: which rows (record indices) a filter or a search
 * shows, in file order. Plain data in and out; the VS Code document (features/datasetPreview)
 * holds one and answers the webview's requests with it. A view or search that was dropped (a
 * newer one replaced it, or the file changed) is `stale`, which the webview answers by asking again.
 */
export class PreviewViews {
  /** `null` means every record, in order. */
  private readonly views = new Map<number, Int32Array | null>();
  private readonly searches = new Map<number, number[]>();
  private nextViewId = 1;
  private nextSearchId = 1;

  /** Forgets every view and search (the file changed). Ids keep counting, so old ones stay stale. */
  clear(): void {
    this.views.clear();
    this.searches.clear();
  }

  /**
   * A new view: the records with a finding that passes the filter (a code and a severity among
   * the chosen ones; empty lists allow any), within a search's hits when `searchId` is given.
   */
  create(
    filter: ViewFilter,
    searchId: number | undefined,
    findings: ReadonlyMap<number, readonly Finding[]>,
    recordCount: number,
  ): { viewId: number; total: number } {
    const codes = new Set(filter.codes);
    const severities = new Set(filter.severities);
    const filtering = codes.size > 0 || severities.size > 0;
    const hits = searchId !== undefined ? this.searches.get(searchId) : undefined;
    if (searchId !== undefined && !hits) throw new RpcError('stale', `search ${searchId} is gone`);
    let rows: Int32Array | null = null;
    if (filtering || hits) {
      const candidates = hits ?? [...findings.keys()].map((record) => record - 1).sort((a, b) => a - b);
      rows = Int32Array.from(
        candidates.filter((row) => {
          if (!filtering) return true;
          return (findings.get(row + 1) ?? []).some((f) => (codes.size === 0 || codes.has(f.code)) && (severities.size === 0 || severities.has(f.severity)));
        }),
      );
    }
    const viewId = this.nextViewId++;
    this.views.set(viewId, rows);
    for (const id of [...this.views.keys()].slice(0, -KEPT_VIEWS)) this.views.delete(id);
    return { viewId, total: rows ? rows.length : recordCount };
  }

  /** Record indices at positions [start, start + count) of a view. */
  rows(viewId: number, start: number, count: number, recordCount: number): number[] {
    const rows = this.view(viewId);
    const total = rows ? rows.length : recordCount;
    const out: number[] = [];
    for (let p = Math.max(0, start); p < Math.min(total, start + count); p++) out.push(rows ? rows[p] : p);
    return out;
  }

  /** Where a record is in a view; -1 when the view does not show it. */
  positionOf(viewId: number, row: number, recordCount: number): number {
    const rows = this.view(viewId);
    if (rows === null) return row >= 0 && row < recordCount ? row : -1;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid] === row) return mid;
      if (rows[mid] < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Keeps a search's hits (record indices in file order) for views to filter; returns its id. */
  addSearch(rows: number[]): number {
    const id = this.nextSearchId++;
    this.searches.set(id, rows);
    for (const old of [...this.searches.keys()].slice(0, -KEPT_SEARCHES)) this.searches.delete(old);
    return id;
  }

  private view(viewId: number): Int32Array | null {
    const rows = this.views.get(viewId);
    if (rows === undefined) throw new RpcError('stale', `view ${viewId} is gone`);
    return rows;
  }
}

/**
 * Findings by 1-based record number. A finding about the whole file (record 0) is listed under
 * each record it names (a templated phrase's examples), so filtering by its code shows them.
 */
export function findingsByRecord(findings: readonly Finding[]): Map<number, Finding[]> {
  const byRecord = new Map<number, Finding[]>();
  for (const f of findings) {
    for (const record of f.record > 0 ? [f.record] : (f.related ?? []).map((r) => r.record)) {
      const list = byRecord.get(record);
      if (list) list.push(f);
      else byRecord.set(record, [f]);
    }
  }
  return byRecord;
}

/** The most severe severity each code was reported with (settings can raise or lower single codes). */
export function worstSeverityByCode(findings: readonly Finding[]): Record<string, Severity> {
  const worst: Record<string, Severity> = {};
  for (const f of findings) {
    const current = worst[f.code];
    if (!current || (f.severity !== current && atLeast(f.severity, current))) worst[f.code] = f.severity;
  }
  return worst;
}

/** What the previewer's header shows of an analysis. */
export function previewSummary(report: DatasetReport): NonNullable<AnalysisStatus['summary']> {
  const s = report.summary;
  return {
    records: s.records,
    format: s.format,
    flaggedRecords: s.flaggedRecords,
    flaggedShare: s.flaggedShare,
    recordsByCode: { ...s.recordsByCode },
    severityByCode: worstSeverityByCode(report.findings),
    mix: { classes: { ...s.mix.classes }, targets: s.mix.targets.map(({ name, target, actual }) => ({ name, target, actual })) },
  };
}

/** The table's columns: those of the format most of the sampled rows have (ties: the first seen). */
export function majorityColumnSet(rows: readonly PreviewRow[]): ColumnSet {
  const votes = new Map<string, number>();
  for (const r of rows) if (r.format) votes.set(r.format, (votes.get(r.format) ?? 0) + 1);
  const [format] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return columnSetForFormat(format);
}
