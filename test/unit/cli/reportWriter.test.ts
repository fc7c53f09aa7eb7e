import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { JsonFinding } from '../../../src/cli/output/jsonReport';
import { ChunkedOutput, ReportTally, jsonReportWriter, sarifReportWriter } from '../../../src/cli/output/reportWriter';

/** A slow pipe: small buffer, each write acknowledged later, so the writer must wait for 'drain'. */
function slowSink(): { stream: Writable; text: () => string; waits: () => number } {
  const parts: string[] = [];
  let waits = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  stream.on('drain', () => waits++);
  return { stream, text: () => parts.join(''), waits: () => waits };
}

function finding(i: number): JsonFinding {
  return {
    code: 'too-short',
    severity: i % 10 === 0 ? 'warning' : 'info',
    record: i + 1,
    line: i + 1,
    column: 3,
    endLine: i + 1,
    endColumn: 9,
    message: `Response is ${i % 9} characters long.`,
    messageTemplate: 'Response is {0} characters long.',
    args: [i % 9],
    related: [],
    data: { field: 'output' },
  };
}

describe('streamed reports', () => {
  it('write 60,000 findings as one valid JSON report through a slow pipe, with the totals counted on the way', async () => {
    const sink = slowSink();
    const output = new ChunkedOutput(sink.stream);
    const writer = jsonReportWriter(output, '9.9.9');
    const tally = new ReportTally();
    const counted = function* (n: number) {
      for (let i = 0; i < n; i++) {
        const f = finding(i);
        tally.finding(f.severity);
        yield f;
      }
    };
    tally.file({ path: 'a.jsonl' });
    await writer.file({ path: 'a.jsonl' }, counted(60_000));
    tally.file({ path: 'broken.jsonl', error: 'no such file' });
    await writer.file({ path: 'broken.jsonl', error: 'no such file' }, []);
    await writer.end(tally.totals());
    const report = JSON.parse(sink.text()) as {
      files: Array<{ path: string; findings: JsonFinding[]; error?: string }>;
      totals: { findings: number; bySeverity: Record<string, number> };
    };
    assert.equal(report.files[0].findings.length, 60_000);
    assert.deepEqual(report.files[0].findings[12345], finding(12345));
    assert.deepEqual(report.files[1], { path: 'broken.jsonl', error: 'no such file', findings: [] });
    assert.equal(report.totals.findings, 60_000);
    assert.equal(report.totals.bySeverity.warning, 6_000);
    assert.ok(sink.waits() > 0, 'the writer waited for the pipe to drain');
  });

  it('write SARIF results as they come, and unreadable files as notifications', async () => {
    const sink = slowSink();
    const writer = sarifReportWriter(new ChunkedOutput(sink.stream), '9.9.9', '/data');
    await writer.file({ path: 'a.jsonl' }, [finding(0), finding(1)]);
    await writer.file({ path: 'gone.jsonl', error: 'no such file' }, []);
    await writer.end(new ReportTally().totals());
    const log = JSON.parse(sink.text()) as {
      runs: Array<{
        results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
      }>;
    };
    assert.deepEqual(
      log.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine]),
      [
        ['too-short', 1],
        ['too-short', 2],
      ],
    );
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.equal(log.runs[0].invocations[0].toolExecutionNotifications.length, 1);
  });
});
