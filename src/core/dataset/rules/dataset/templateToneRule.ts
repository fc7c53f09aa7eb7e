import type { PhrasePosition } from '../../tone/phrases';
import { positionOfPhraseHash } from '../../tone/phrases';
import { IntTable } from '../../../util/hashTable';

/**
 * Template tone: an opening or closing phrase shared by an outsized share of the responses
 * ("as an ai language model", "这是个好问题"), the sign of generated data that teaches a tone
 * instead of a skill. Reported once per phrase for the dataset, with example records.
 *
 * Phrases arrive as hashes (workers never send the text of a million phrases): this counts
 * hashes and remembers up to five example records; the text of a reported phrase is read
 * back from its first example.
 */
export interface TonePhrase {
  phrase: string;
  position: PhrasePosition;
  count: number;
  share: number;
  /** The first records that use it (0-based while counting; 1-based record numbers in the summary). */
  examples: number[];
}

export interface ToneCandidate {
  hash: number;
  position: PhrasePosition;
  count: number;
  share: number;
  examples: number[];
}

const EXAMPLES = 5;
const COUNT = 0;
const FIRST = 1;

export class TemplateToneCounter {
  private readonly table = new IntTable(2);
  private readonly examples = new Map<number, number[]>();
  private responses = 0;

  addResponses(n: number): void {
    this.responses += n;
  }

  /** Records must come in file order; a record adds each of its phrase hashes once. */
  add(index: number, hash: number): void {
    const { index: entry, created } = this.table.slot(hash);
    const count = this.table.get(entry, COUNT) + 1;
    this.table.set(entry, COUNT, count);
    if (created) {
      this.table.set(entry, FIRST, index);
    } else if (count <= EXAMPLES) {
      // keyed by hash, not entry: entries move when the table grows
      let list = this.examples.get(hash);
      if (!list) this.examples.set(hash, (list = [this.table.get(entry, FIRST)]));
      list.push(index);
    }
  }

  /** Phrases used by at least `minRecords` records and `minShare` of all responses, most used first. */
  candidates(minShare: number, minRecords: number): ToneCandidate[] {
    const out: ToneCandidate[] = [];
    this.table.forEach((entry) => {
      const count = this.table.get(entry, COUNT);
      const share = this.responses ? count / this.responses : 0;
      if (count < minRecords || share < minShare) return;
      const hash = this.table.key(entry);
      out.push({ hash, position: positionOfPhraseHash(hash), count, share, examples: this.examples.get(hash) ?? [this.table.get(entry, FIRST)] });
    });
    return out.sort((a, b) => b.count - a.count);
  }
}
