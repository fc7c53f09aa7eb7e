/**
 * Records of the JSON Lines view ↔ rows of the columnar file. They are equal until a row is
 * skipped (a CSV row the parser could not read, a row group that would not decode); each skip
 * starts a new segment with a larger offset, so the map stays as small as the number of skips.
 */
export class RowMap {
  /** First record (1-based) of each segment and the offset to add to get its row. */
  private readonly starts: number[] = [1];
  private readonly offsets: number[] = [0];
  private records = 0;

  /** The next record is row `row`. */
  add(row: number): void {
    this.records++;
    const offset = row - this.records;
    if (offset !== this.offsets[this.offsets.length - 1]) {
      this.starts.push(this.records);
      this.offsets.push(offset);
    }
  }

  get count(): number {
    return this.records;
  }

  /** The 1-based row of a 1-based record; 0 (the whole file) stays 0. */
  rowOf(record: number): number {
    if (record <= 0) return record;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= record) lo = mid;
      else hi = mid - 1;
    }
    return record + this.offsets[lo];
  }
}
