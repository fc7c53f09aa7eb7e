import { IntTable } from '../../../util/hashTable';
import type { TonePhrase } from '../../datasetSummary';
import { responses } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { PhrasePosition } from '../../tone/phrases';
import { closingPhrase, openingPhrase, phraseHash, positionOfPhraseHash } from '../../tone/phrases';
import type { DatasetView } from '../datasetRule';
import { defineDatasetRule } from '../datasetRule';

/**
 * Template tone: an opening or closing phrase shared by an outsized share of the responses
 * ("as an ai language model", "这是个好问题"), the sign of generated data that teaches a tone
 * instead of a skill. Reported once per phrase for the dataset, with example records.
 *
 * Phrases arrive as hashes (workers never send the text of a million phrases): this counts
 * hashes and remembers up to five example records; the text of a reported phrase is read
 * back from its first example.
 */
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

interface ToneFeatures {
  [name: string]: Float64Array | Int32Array | number;
  /** Hashes of the opening and closing phrases of the records' responses (see tone/phrases.ts)… */
  phraseHashes: Float64Array;
  /** …and the batch-local index of the record each belongs to. */
  phraseRecords: Int32Array;
  /** Number of responses in the batch (the share's denominator). */
  responses: number;
}

interface ToneState {
  counter: TemplateToneCounter;
  /** The reported phrases, once `finish` has read their text back. */
  phrases: TonePhrase[];
}

export const templateToneRule = defineDatasetRule<ToneFeatures, ToneState>({
  info: [
    {
      code: 'template-tone',
      defaultSeverity: 'info',
      title: msg('Templated tone'),
      why: msg('When many responses open or close with the same phrase, the model learns the "GPT flavour" instead of the skill.'),
      settings: ['dataset.templateTone.minShare', 'dataset.templateTone.minRecords'],
    },
  ],
  stage: 'findings',
  extractor() {
    const hashes: number[] = [];
    const records: number[] = [];
    let count = 0;
    return {
      add(k, { record }) {
        const first = hashes.length;
        const addPhrase = (hash: number) => {
          for (let p = first; p < hashes.length; p++) if (hashes[p] === hash) return; // once per record
          hashes.push(hash);
          records.push(k);
        };
        for (const turn of responses(record)) {
          count++;
          const opening = openingPhrase(turn.text);
          const closing = closingPhrase(turn.text);
          if (opening) addPhrase(phraseHash(opening, 'opening'));
          if (closing) addPhrase(phraseHash(closing, 'closing'));
        }
      },
      take: () => ({ phraseHashes: Float64Array.from(hashes), phraseRecords: Int32Array.from(records), responses: count }),
    };
  },
  start: () => ({ counter: new TemplateToneCounter(), phrases: [] }),
  absorb({ counter }, features, base) {
    counter.addResponses(features.responses);
    for (let p = 0; p < features.phraseHashes.length; p++) counter.add(base + features.phraseRecords[p], features.phraseHashes[p]);
  },
  // One finding per phrase, at its first example. The phrases are read back even when the code
  // is off: the summary lists them.
  async finish(state, { view, findings }) {
    state.phrases = await tonePhrases(state.counter, view);
    if (!findings.severity('template-tone')) return;
    const { minShare } = view.options.templateTone;
    for (const phrase of state.phrases) {
      const [first, ...others] = phrase.examples;
      findings.file(
        'template-tone',
        phrase.position === 'opening'
          ? msg('{0} responses ({1}%) open with "{2}": a templated tone the model will learn.')
          : msg('{0} responses ({1}%) close with "{2}": a templated tone the model will learn.'),
        [phrase.count, Math.round(phrase.share * 1000) / 10, phrase.phrase],
        undefined,
        {
          range: view.headRange(first),
          related: [first, ...others].map((index) => findings.relatedRecord(index, msg('Example: record {0}.'))),
          data: { measured: phrase.share, threshold: minShare, detail: { phrase: phrase.phrase, position: phrase.position, count: phrase.count } },
        },
      );
    }
  },
  summary: (state) => ({ tone: state.phrases }),
});

/** The reported phrases, with their text read back from each one's first example record. */
async function tonePhrases(counter: TemplateToneCounter, view: DatasetView): Promise<TonePhrase[]> {
  const out: TonePhrase[] = [];
  for (const candidate of counter.candidates(view.options.templateTone.minShare, view.options.templateTone.minRecords)) {
    const record = await view.readRecord(candidate.examples[0]);
    let phrase: string | undefined;
    for (const turn of record ? responses(record) : []) {
      const text = candidate.position === 'opening' ? openingPhrase(turn.text) : closingPhrase(turn.text);
      if (text && phraseHash(text, candidate.position) === candidate.hash) phrase = text;
    }
    if (phrase) out.push({ phrase, position: candidate.position, count: candidate.count, share: candidate.share, examples: candidate.examples });
  }
  return out;
}
