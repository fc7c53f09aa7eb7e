import { IntTable } from '../../../util/hashTable';

/**
 * Exact duplicates: records whose canonical content (texts with white space collapsed,
 * roles, preference sides, label) is identical to an earlier record's. Fed in record order;
 * the first occurrence is kept, every later one is linked to it. Keys are 53-bit content
 * hashes confirmed by a second independent 32-bit hash.
 */
const FIRST = 0;
const CHECK = 1;

export class ExactDuplicateFinder {
  private readonly table = new IntTable(2);
  /** Record index (0-based) → index of the first record with the same content. */
  readonly twins = new Map<number, number>();

  /** Records must come in file order. */
  add(index: number, key: number, check: number): void {
    if (Number.isNaN(key)) return;
    const { index: entry, created } = this.table.slot(key);
    if (created) {
      this.table.set(entry, FIRST, index);
      this.table.set(entry, CHECK, check | 0);
    } else if (this.table.get(entry, CHECK) === (check | 0)) {
      this.twins.set(index, this.table.get(entry, FIRST));
    }
  }
}
