/**
 * Exact duplicates: records whose canonical content (texts with white space collapsed,
 * roles, preference sides, label) is identical to an earlier record's. Fed in record order;
 * the first occurrence is kept, every later one is linked to it. Keys are 53-bit content
 * hashes confirmed by a second independent 32-bit hash.
 */
export class ExactDuplicateFinder {
  private readonly firstByKey = new Map<number, number>();
  private readonly checks: number[] = [];
  /** Record index (0-based) → index of the first record with the same content. */
  readonly twins = new Map<number, number>();

  add(index: number, key: number, check: number): void {
    if (Number.isNaN(key)) return;
    const first = this.firstByKey.get(key);
    if (first === undefined) {
      this.firstByKey.set(key, index);
      this.checks[index] = check;
    } else if (this.checks[first] === check) {
      this.twins.set(index, first);
    }
  }
}
