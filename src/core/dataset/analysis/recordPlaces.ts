import type { FindingData, Position, Range } from '../../../shared/findings';
import type { Container } from '../reading/recordScanner';
import type { FindingPlaces } from './compactFindings';

interface PlaceArrays {
  container: Container | undefined;
  lines: Int32Array;
  columns: Int32Array;
  endLines: Int32Array;
  endColumns: Int32Array;
  headEnds: Int32Array;
  byteStarts: Float64Array;
  byteLengths: Uint32Array;
}

/**
 * The records' places (about 32 bytes a record) once the file is read, on their own: what a
 * report's compact findings rebuild ranges, byte ranges and neighbours from, without keeping
 * the rest of the engine's state (the dataset rules' tables) alive with the report.
 */
export class RecordPlaces implements FindingPlaces {
  readonly container: Container | undefined;
  readonly byteStarts: { get(index: number): number };
  readonly byteLengths: { get(index: number): number };

  constructor(private readonly a: PlaceArrays) {
    this.container = a.container;
    this.byteStarts = { get: (i) => a.byteStarts[i] };
    this.byteLengths = { get: (i) => a.byteLengths[i] };
  }

  get records(): number {
    return this.a.lines.length;
  }

  recordStart(index: number): Position {
    return { line: this.a.lines[index], column: this.a.columns[index] };
  }

  recordEnd(index: number): Position {
    return { line: this.a.endLines[index], column: this.a.endColumns[index] };
  }

  headRange(index: number): Range {
    const start = this.recordStart(index);
    return { start, end: { line: start.line, column: this.a.headEnds[index] } };
  }

  neighbours(index: number): FindingData {
    return {
      previousEnd: index > 0 ? this.recordEnd(index - 1) : undefined,
      nextStart: index + 1 < this.records ? this.recordStart(index + 1) : undefined,
    };
  }
}
