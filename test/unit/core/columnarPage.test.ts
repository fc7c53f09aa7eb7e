import * as assert from 'node:assert/strict';
import { cellText, orderFindings, pageRows, pageStartOf } from '../../../src/core/webview/columnarPage';

describe('the Parquet / Arrow / CSV previewer page (host side)', () => {
  it('shows a cell as text: strings as written, lists and structs as JSON, long cells cut', () => {
    assert.equal(cellText('<script>alert(1)</script>', 100), '<script>alert(1)</script>', 'text stays text: the page sets it with textContent');
    assert.equal(cellText([{ role: 'user', content: 'hi' }], 100), '[{"role":"user","content":"hi"}]');
    assert.equal(cellText(null, 100), 'null');
    assert.equal(cellText(undefined, 100), '');
    assert.equal(cellText('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });

  it('gives one cell per schema column, empty where a ragged row has none, with the row findings count', () => {
    const schema = { format: 'csv' as const, columns: ['a', 'b', 'c'].map((name) => ({ name, type: 'string', nullable: false })), compression: [] };
    const rows = pageRows(
      [
        { row: 7, record: { a: '1', b: '2', c: '3' } },
        { row: 8, record: { a: 'only' } },
      ],
      schema,
      100,
      (row) => (row === 8 ? 2 : 0),
    );
    assert.deepEqual(rows, [
      { row: 7, cells: ['1', '2', '3'], findings: 0 },
      { row: 8, cells: ['only', '', ''], findings: 2 },
    ]);
  });

  it('orders findings most severe first, then by row, and finds the page of a row', () => {
    const f = (severity: 'error' | 'warning' | 'info', row: number) => ({ severity, cell: { row } });
    assert.deepEqual(
      orderFindings([f('info', 1), f('warning', 9), f('error', 5), f('warning', 2)], 3).map((x) => `${x.severity}@${x.cell.row}`),
      ['error@5', 'warning@2', 'warning@9'],
    );
    assert.equal(pageStartOf(1, 100), 0);
    assert.equal(pageStartOf(100, 100), 0);
    assert.equal(pageStartOf(101, 100), 100);
    assert.equal(pageStartOf(25_001, 200), 25_000);
  });
});
