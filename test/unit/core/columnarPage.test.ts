import * as assert from 'node:assert/strict';
import { COLUMNAR_PAGE_MARKER, buildColumnarPage } from '../../../src/core/webview/columnarPage';
import type { ColumnarPageParts } from '../../../src/core/webview/columnarPage';

const strings: ColumnarPageParts['strings'] = {
  schema: 'Schema',
  column: 'Column',
  type: 'Type',
  nullable: 'Nullable',
  yes: 'yes',
  no: 'no',
  findings: 'Findings',
  where: 'Where',
  severity: 'Severity',
  code: 'Code',
  message: 'Message',
  none: 'No findings.',
  shown: 'Some listed.',
  details: 'parquet with 1 columns',
};

describe('the Parquet / Arrow page', () => {
  it('escapes dataset text and runs no script', () => {
    const html = buildColumnarPage({
      cspSource: 'vscode-resource:',
      nonce: 'abc',
      lang: 'en',
      title: 'data.parquet',
      summary: '3 records',
      table: { format: 'parquet', columns: [{ name: '<img src=x onerror=alert(1)>', type: 'string', nullable: true }], compression: [] },
      findings: [{ severity: 'warning', code: 'pii', where: 'row 2 column <b>', message: 'Quoted "<script>alert(1)</script>"' }],
      total: 1,
      strings,
    });
    assert.ok(!html.includes('<script'), 'no script element, not even from the data');
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    assert.match(html, /script-src 'none'/);
    assert.ok(html.includes(`id="${COLUMNAR_PAGE_MARKER}"`));
  });

  it('says when there are no findings, and when only some are listed', () => {
    const base = { cspSource: 'x', nonce: 'n', lang: 'en', title: 't', summary: 's', strings, total: 0, findings: [] };
    assert.ok(buildColumnarPage(base).includes('No findings.'));
    assert.ok(
      buildColumnarPage({ ...base, total: 5, findings: [{ severity: 'error', code: 'not-a-dataset', where: '', message: 'm' }] }).includes('Some listed.'),
    );
  });
});
