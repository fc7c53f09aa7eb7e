import type { Cell } from '../../core/dataset/columnar/columnarAnalysis';
import type { ColumnarSchema } from '../../core/dataset/columnar/columnarSchema';
import { msg } from '../../shared/messageTemplate';
import { localize } from '../localize';

/**
 * Where a finding in a Parquet, Arrow or CSV file is: `row 1234 column output` (rows 1-based,
 * a CSV header not counted), nothing for the whole file. Kept in English like `path:line:col`,
 * so scripts can match it whatever the language.
 */
export function cellLocation(cell: Cell): string {
  if (cell.row <= 0) return '';
  return cell.column === undefined ? `row ${cell.row}` : `row ${cell.row} column ${cell.column}`;
}

const SHOWN_COLUMNS = 12;

/** The summary line about the table itself: format, columns and their types, row groups or batches, compression. */
export function formatTableLine(table: ColumnarSchema): string {
  const columns = table.columns.slice(0, SHOWN_COLUMNS).map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' not null'}`);
  if (table.columns.length > SHOWN_COLUMNS) columns.push(`… +${table.columns.length - SHOWN_COLUMNS}`);
  const parts = [localize(msg('{0} with {1} columns: {2}'), [table.format, table.columns.length, columns.join(', ')])];
  if (table.groups !== undefined) parts.push(localize(table.format === 'parquet' ? msg('{0} row groups') : msg('{0} record batches'), [table.groups]));
  if (table.compression.length) parts.push(localize(msg('compression {0}'), [table.compression.join(', ')]));
  return `  ${parts.join('; ')}`;
}
