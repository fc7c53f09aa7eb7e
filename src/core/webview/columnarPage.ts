/**
 * What the Parquet / Arrow / CSV previewer shows, computed in the host without VS Code: the
 * cells of a page as text (lists and structs as JSON, long cells cut), the findings most
 * severe first, and the page that holds a row. The page itself (webviews/columnarPreview)
 * puts every one of these strings into the DOM as text.
 */
import type { ColumnarRow, ColumnarSchema } from '../dataset/columnar/columnarSchema';
import type { ColumnarPageRow } from '../../shared/protocol/columnarPreview';
import type { Severity } from '../../shared/findings';

/** A cell as one line of text: strings as they are, anything else as JSON; cut to `maxChars` with an ellipsis. */
export function cellText(value: unknown, maxChars: number): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > maxChars ? `${text.slice(0, Math.max(0, maxChars - 1))}…` : text;
}

/** The page's rows, one text per schema column (a ragged CSV row's missing cells are empty). */
export function pageRows(rows: readonly ColumnarRow[], schema: ColumnarSchema, maxChars: number, findingsOn: (row: number) => number): ColumnarPageRow[] {
  return rows.map(({ row, record }) => ({
    row,
    cells: schema.columns.map((c) => cellText(record[c.name], maxChars)),
    findings: findingsOn(row),
  }));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Most severe first, then by row: what the findings list shows (at most `limit`). */
export function orderFindings<T extends { severity: Severity; cell: { row: number } }>(findings: readonly T[], limit: number): T[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.cell.row - b.cell.row).slice(0, limit);
}

/** The 0-based start of the page of `pageSize` rows that holds the 1-based `row`. */
export function pageStartOf(row: number, pageSize: number): number {
  return Math.floor((Math.max(1, row) - 1) / pageSize) * pageSize;
}
