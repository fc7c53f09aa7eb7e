import type { FindingData, Range } from '../../../shared/findings';

/**
 * Ranges that delete whole records and leave a valid file: a JSON Lines record goes with its
 * line break; an array element goes with the comma before it (or, for the first element, the
 * separator after it). Consecutive records are deleted as one range, so deleting many records
 * never produces overlapping edits.
 */
export interface DeletableRecord {
  /** 1-based record number. */
  record: number;
  data: Pick<FindingData, 'recordRange' | 'previousEnd' | 'nextStart' | 'container'>;
}

export function deletionRanges(records: readonly DeletableRecord[]): Range[] {
  const byRecord = new Map<number, DeletableRecord>();
  for (const r of records) if (r.data.recordRange && r.record > 0) byRecord.set(r.record, r);
  const sorted = [...byRecord.values()].sort((a, b) => a.record - b.record);
  const ranges: Range[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].record === sorted[j].record + 1) j++;
    ranges.push(runRange(sorted[i], sorted[j]));
    i = j + 1;
  }
  return ranges;
}

function runRange(first: DeletableRecord, last: DeletableRecord): Range {
  const start = first.data.recordRange!.start;
  const end = last.data.recordRange!.end;
  if (first.data.container !== 'array') {
    // whole lines, including the line break (to the start of the next line)
    return { start: { line: start.line, column: 0 }, end: { line: end.line + 1, column: 0 } };
  }
  if (first.data.previousEnd) return { start: first.data.previousEnd, end };
  if (last.data.nextStart) return { start, end: last.data.nextStart };
  return { start, end };
}
