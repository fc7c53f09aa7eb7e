import { IntTable } from '../../../util/hashTable';
import type { Finding } from '../../../../shared/findings';
import { msg } from '../../../../shared/messageTemplate';
import { defineDatasetRule } from '../datasetRule';

/**
 * Exact duplicates: records whose canonical content (texts with white space collapsed,
 * roles, preference sides, label) is identical to an earlier record's. Fed in record order;
 * the first occurrence is kept, every later one is linked to it. Keys are 53-bit content
 * hashes confirmed by a second independent 32-bit hash.
 */
const FIRST = 0;
const CHECK = 1;
/** Duplicate links between two progress reports. */
const PROGRESS_EVERY = 4096;

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

interface ExactFeatures {
  [name: string]: Float64Array | Uint32Array;
  /** 53-bit hash of the canonical content; NaN for records that did not parse. */
  keys: Float64Array;
  /** A second, independent hash of the same content, to rule out collisions. */
  checks: Uint32Array;
}

export const exactDuplicateRule = defineDatasetRule<ExactFeatures, ExactDuplicateFinder>({
  info: [
    {
      code: 'exact-duplicate',
      defaultSeverity: 'warning',
      title: msg('Exact duplicate'),
      why: msg('Repeated records are over-weighted in training and waste compute; keep the first.'),
      settings: [],
    },
  ],
  stage: 'duplicates',
  extractor(count) {
    const keys = new Float64Array(count).fill(NaN);
    const checks = new Uint32Array(count);
    return {
      add(k, input) {
        keys[k] = input.key;
        checks[k] = input.check;
      },
      take: () => ({ keys, checks }),
    };
  },
  start: () => new ExactDuplicateFinder(),
  absorb(finder, { keys, checks }, base) {
    for (let k = 0; k < keys.length; k++) finder.add(base + k, keys[k], checks[k]);
  },
  finish(finder, { findings, copies, progress }) {
    const twins = finder.twins.size;
    let linked = 0;
    const firstOccurrences = new Map<number, Finding['related']>();
    for (const [index, twin] of finder.twins) {
      copies.set(index, twin);
      if (++linked % PROGRESS_EVERY === 0) progress(linked, twins);
      findings.link(
        index,
        twin,
        'exact-duplicate',
        msg('Exact duplicate of record {0} (same content once white space is collapsed).'),
        [twin + 1],
        1,
        undefined,
        firstOccurrences,
        msg('The first occurrence: record {0}.'),
      );
    }
  },
});
