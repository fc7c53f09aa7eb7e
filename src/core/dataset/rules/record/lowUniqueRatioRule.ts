import { lowUniqueWordRatio } from '../../../text/uniqueWordRatio';
import { responses } from '../../formats/recordModel';
import type { TextField } from '../../formats/recordModel';
import { msg } from '../../messageTemplate';
import type { RecordRule, RuleHit } from '../recordRule';

/** Responses (and pre-training texts) whose windowed unique-word ratio is under the threshold. */
export const lowUniqueRatioRule: RecordRule = {
  code: 'low-unique-ratio',
  check(record, { options }) {
    if (!record) return [];
    const texts: TextField[] = responses(record);
    if (record.document) texts.push(record.document);
    const hits: RuleHit[] = [];
    for (const field of texts) {
      const measure = lowUniqueWordRatio(field.text, options.uniqueRatio);
      if (!measure) continue;
      hits.push({
        code: 'low-unique-ratio',
        message: msg('Unique-word ratio {0} (over windows of {1} words) is under {2}: the text repeats itself.'),
        args: [(Math.floor(measure.ratio * 100) / 100).toFixed(2), measure.window, options.uniqueRatio.threshold.toFixed(2)],
        path: field.path,
        data: { measured: round(measure.ratio), threshold: options.uniqueRatio.threshold, detail: { words: measure.words, window: measure.window } },
      });
    }
    return hits;
  },
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
