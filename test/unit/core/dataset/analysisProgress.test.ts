import * as assert from 'node:assert/strict';
import { ANALYSIS_STAGES, overallFraction } from '../../../../src/core/dataset/analysis/analysisProgress';
import type { AnalysisProgress } from '../../../../src/core/dataset/analysis/analysisProgress';
import type { Finding, Severity } from '../../../../src/shared/findings';
import { capFindings } from '../../../../src/core/dataset/findingCap';
import { alpaca, analyze } from './analyzeHelper';

describe('analysis progress', () => {
  it('names each stage in order, and moves within a stage', async () => {
    const base = 'Photosynthesis is how plants turn light, water and carbon dioxide into sugar and oxygen.';
    const records = Array.from({ length: 16_000 }, (_, i) =>
      alpaca(i % 2 ? `${base} Note ${i % 50}.` : `Record ${i} says something of its own, number ${i * 7}.`, `Q${i}?`),
    );
    const events: AnalysisProgress[] = [];
    await analyze(records, { onProgress: (p) => events.push(p) });
    const stages = events.map((e) => e.stage).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    assert.deepEqual(stages, [...ANALYSIS_STAGES]);
    // (reading reports once per 4 MB read, so on this 2 MB input only at its end)
    for (const stage of ['near-duplicates', 'findings'] as const) {
      const done = events.filter((e) => e.stage === stage).map((e) => e.done);
      assert.ok(new Set(done).size >= 2, `${stage} should report several steps, got ${done.join(', ')}`);
      assert.deepEqual(
        [...done].sort((a, b) => a - b),
        done,
        `${stage} never goes back`,
      );
    }
    const overall = events.map(overallFraction);
    assert.deepEqual(
      [...overall].sort((a, b) => a - b),
      overall,
      'the overall fraction never goes back',
    );
    assert.equal(overall.at(-1), 1);
  });
});

describe('findings shown in the Problems panel', () => {
  const finding = (line: number, severity: Severity): Finding => ({
    code: 'near-duplicate',
    severity,
    record: line + 1,
    range: { start: { line, column: 0 }, end: { line, column: 1 } },
    message: 'm',
    args: [],
    data: {},
  });

  it('keeps at most the cap, the most severe first and then in file order', () => {
    const severities: Severity[] = ['hint', 'info', 'warning', 'error'];
    const findings = Array.from({ length: 10_000 }, (_, line) => finding(line, severities[(line * 7) % 4]));
    const { shown, hidden } = capFindings(findings, 100);
    assert.equal(shown.length, 100);
    assert.equal(hidden, 9_900);
    const expected = [...findings]
      .sort((a, b) => severities.indexOf(b.severity) - severities.indexOf(a.severity) || a.range.start.line - b.range.start.line)
      .slice(0, 100);
    assert.deepEqual(shown, expected);
  });

  it('shows everything under the cap', () => {
    const findings = [finding(3, 'info'), finding(5, 'error')];
    assert.deepEqual(capFindings(findings, 10), { shown: findings, hidden: 0 });
  });
});
