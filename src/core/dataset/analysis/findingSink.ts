import type { Finding, FindingCode, Position } from '../../../shared/findings';
import type { DatasetFindingSink } from '../rules/datasetRule';
import type { DatasetState } from './datasetState';

/**
 * Builds the findings of the whole-file stages (file-level and dataset rules) in their final
 * shape: severity from the settings (codes set to `off` are dropped), the record's data for
 * quick fixes, and the record marked as flagged.
 */
export function findingSink(state: DatasetState): DatasetFindingSink {
  const findings = state.findings;
  const relatedRecord = (index: number, message: string) => ({ record: index + 1, range: state.headRange(index), message, args: [index + 1] });
  return {
    severity: (code) => state.severity(code),
    relatedRecord,
    file(code: FindingCode, message: string, args: Array<string | number>, at: Position = { line: 0, column: 0 }, extra = {}) {
      const severity = state.severity(code);
      if (severity)
        findings.push({ code, severity, record: 0, range: { start: at, end: { line: at.line, column: at.column + 1 } }, message, args, data: {}, ...extra });
    },
    record(index, code, message, args, extra = {}) {
      const severity = state.severity(code);
      if (!severity) return;
      state.flagged.set(index, 1);
      findings.push({
        code,
        severity,
        record: index + 1,
        range: state.headRange(index),
        message,
        args,
        related: undefined,
        data: { ...state.recordData(index), ...extra },
      });
    },
    // A duplicate-heavy file has a duplicate finding for most records: each is built in its final
    // shape at once (neighbours included, positions shared, one `related` per twin), about half
    // the memory of adding to it afterwards.
    link(index, twin, code, message, args, similarity, threshold, related: Map<number, Finding['related']>, relatedMessage) {
      const severity = state.severity(code);
      if (!severity) return;
      state.flagged.set(index, 1);
      const start = state.recordStart(index);
      const byteStart = state.byteStarts.get(index);
      let link = related.get(twin);
      if (!link) related.set(twin, (link = [relatedRecord(twin, relatedMessage)]));
      const data: Finding['data'] =
        threshold === undefined
          ? {
              recordRange: { start, end: state.recordEnd(index) },
              container: state.container,
              byteStart,
              byteEnd: byteStart + state.byteLengths.get(index),
              twin: twin + 1,
              similarity,
              ...state.neighbours(index),
            }
          : {
              recordRange: { start, end: state.recordEnd(index) },
              container: state.container,
              byteStart,
              byteEnd: byteStart + state.byteLengths.get(index),
              twin: twin + 1,
              similarity,
              threshold,
              ...state.neighbours(index),
            };
      findings.push({
        code,
        severity,
        record: index + 1,
        range: { start, end: { line: start.line, column: state.headEnds.get(index) } },
        message,
        args,
        related: link,
        data,
      });
    },
  };
}
