/**
 * Template tone: an opening or closing phrase shared by an outsized share of the responses
 * ("as an ai language model", "这是个好问题"), the sign of generated data that teaches a tone
 * instead of a skill. Reported once per phrase for the dataset, with example records.
 */
export interface TonePhrase {
  phrase: string;
  position: 'opening' | 'closing';
  count: number;
  share: number;
  /** The first records that use it (0-based while counting; 1-based record numbers in the summary). */
  examples: number[];
}

const EXAMPLES = 5;

export class TemplateToneCounter {
  private readonly counts = new Map<string, { count: number; examples: number[] }>();
  private responses = 0;

  addResponses(n: number): void {
    this.responses += n;
  }

  add(index: number, phrases: string | null, position: 'opening' | 'closing'): void {
    if (!phrases) return;
    for (const phrase of phrases.split('\u0001')) {
      const key = `${position[0]}${phrase}`;
      const entry = this.counts.get(key);
      if (!entry) this.counts.set(key, { count: 1, examples: [index] });
      else {
        entry.count++;
        if (entry.examples.length < EXAMPLES) entry.examples.push(index);
      }
    }
  }

  /** Phrases used by at least `minRecords` records and `minShare` of all responses, most used first. */
  finish(minShare: number, minRecords: number): TonePhrase[] {
    const out: TonePhrase[] = [];
    for (const [key, { count, examples }] of this.counts) {
      const share = this.responses ? count / this.responses : 0;
      if (count >= minRecords && share >= minShare) {
        out.push({ phrase: key.slice(1), position: key[0] === 'o' ? 'opening' : 'closing', count, share, examples });
      }
    }
    return out.sort((a, b) => b.count - a.count);
  }
}
