import * as assert from 'node:assert/strict';
import type { Finding, FindingCode, Severity } from '../../../../../src/shared/findings';
import type { PreviewRow } from '../../../../../src/core/dataset/preview/pageReader';
import { PreviewViews, findingsByRecord, majorityColumnSet, previewSummary, worstSeverityByCode } from '../../../../../src/core/dataset/preview/previewViews';
import { RpcError } from '../../../../../src/shared/protocol/rpc';
import { analyze } from '../analyzeHelper';

const at = { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } };
function finding(record: number, code: FindingCode, severity: Severity, related: number[] = []): Finding {
  return { code, severity, record, range: at, message: '', args: [], data: {}, related: related.map((r) => ({ record: r, range: at, message: '', args: [] })) };
}

const FINDINGS = [
  finding(2, 'pii', 'warning'),
  finding(5, 'too-short', 'info'),
  finding(5, 'pii', 'error'),
  finding(9, 'exact-duplicate', 'warning'),
  // a file-level finding, shown on the records it names
  finding(0, 'template-tone', 'info', [3, 9]),
];
const byRecord = findingsByRecord(FINDINGS);
const RECORDS = 10;

function isStale(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'stale';
}

describe('the previewer views (core of the dataset previewer)', () => {
  it('groups findings by record, listing a file-level finding under each record it names', () => {
    assert.deepEqual(
      [...byRecord.keys()].sort((a, b) => a - b),
      [2, 3, 5, 9],
    );
    assert.deepEqual(
      byRecord.get(9)!.map((f) => f.code),
      ['exact-duplicate', 'template-tone'],
    );
    assert.deepEqual(
      byRecord.get(3)!.map((f) => f.code),
      ['template-tone'],
    );
  });

  it('shows every record without a filter, and only records with a matching finding with one', () => {
    const views = new PreviewViews();
    const all = views.create({ codes: [], severities: [] }, undefined, byRecord, RECORDS);
    assert.equal(all.total, RECORDS);
    assert.deepEqual(views.rows(all.viewId, 8, 5, RECORDS), [8, 9]);
    const pii = views.create({ codes: ['pii'], severities: [] }, undefined, byRecord, RECORDS);
    assert.deepEqual(views.rows(pii.viewId, 0, 10, RECORDS), [1, 4]);
    const errors = views.create({ codes: [], severities: ['error'] }, undefined, byRecord, RECORDS);
    assert.deepEqual(views.rows(errors.viewId, 0, 10, RECORDS), [4]);
    const both = views.create({ codes: ['pii', 'template-tone'], severities: ['info', 'warning'] }, undefined, byRecord, RECORDS);
    assert.deepEqual(views.rows(both.viewId, 0, 10, RECORDS), [1, 2, 8], 'a code and a severity of the same finding');
  });

  it('narrows a view to a search, and filters the search hits', () => {
    const views = new PreviewViews();
    const search = views.addSearch([0, 4, 7, 8]);
    const hits = views.create({ codes: [], severities: [] }, search, byRecord, RECORDS);
    assert.deepEqual(views.rows(hits.viewId, 0, 10, RECORDS), [0, 4, 7, 8]);
    const filtered = views.create({ codes: ['exact-duplicate', 'too-short'], severities: [] }, search, byRecord, RECORDS);
    assert.deepEqual(views.rows(filtered.viewId, 0, 10, RECORDS), [4, 8]);
  });

  it('finds a record in a view, or says it is not there', () => {
    const views = new PreviewViews();
    const all = views.create({ codes: [], severities: [] }, undefined, byRecord, RECORDS);
    assert.deepEqual(
      [3, 9, 10, -1].map((row) => views.positionOf(all.viewId, row, RECORDS)),
      [3, 9, -1, -1],
    );
    const flagged = views.create({ codes: ['template-tone', 'pii'], severities: [] }, undefined, byRecord, RECORDS);
    assert.deepEqual(
      [1, 2, 4, 8, 0, 5].map((row) => views.positionOf(flagged.viewId, row, RECORDS)),
      [0, 1, 2, 3, -1, -1],
    );
  });

  it('keeps the last eight views and four searches; older ones, and all after clear(), are stale', () => {
    const views = new PreviewViews();
    const ids = Array.from({ length: 9 }, () => views.create({ codes: [], severities: [] }, undefined, byRecord, RECORDS).viewId);
    assert.throws(() => views.rows(ids[0], 0, 1, RECORDS), isStale);
    assert.deepEqual(views.rows(ids[1], 0, 1, RECORDS), [0]);
    const searches = Array.from({ length: 5 }, (_, i) => views.addSearch([i]));
    assert.throws(() => views.create({ codes: [], severities: [] }, searches[0], byRecord, RECORDS), isStale);
    views.create({ codes: [], severities: [] }, searches[1], byRecord, RECORDS);
    views.clear();
    assert.throws(() => views.positionOf(ids[8], 0, RECORDS), isStale);
    assert.throws(() => views.create({ codes: [], severities: [] }, searches[4], byRecord, RECORDS), isStale);
    assert.ok(views.create({ codes: [], severities: [] }, undefined, byRecord, RECORDS).viewId > ids[8], 'ids are never reused');
  });

  it('reports the most severe severity of each code', () => {
    assert.deepEqual(worstSeverityByCode(FINDINGS), { pii: 'error', 'too-short': 'info', 'exact-duplicate': 'warning', 'template-tone': 'info' });
  });

  it('chooses the columns of the format most sampled rows have', () => {
    const rows = (formats: Array<string | undefined>): PreviewRow[] => formats.map((format, row) => ({ row, cells: [], format }));
    assert.equal(majorityColumnSet(rows(['sharegpt', 'alpaca', 'sharegpt', undefined])), 'conversation');
    assert.equal(majorityColumnSet(rows(['alpaca preference', 'alpaca preference', 'alpaca'])), 'preference');
    assert.equal(majorityColumnSet(rows([undefined])), 'instruction');
  });

  it('summarises an analysis for the header', async () => {
    const report = await analyze([
      { instruction: 'Say hi', output: 'Hi there, how can I help you today?' },
      { instruction: 'Say hi', output: 'Hi there, how can I help you today?' },
      { instruction: 'Mail?', output: 'Write to alice@example.com for help.' },
    ]);
    const summary = previewSummary(report);
    assert.equal(summary.records, 3);
    assert.equal(summary.format, 'alpaca');
    assert.equal(summary.recordsByCode['exact-duplicate'], 1);
    assert.equal(summary.severityByCode['exact-duplicate'], 'warning');
    assert.equal(summary.mix.classes['single-turn'], 3);
  });
});
