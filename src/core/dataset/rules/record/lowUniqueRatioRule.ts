import { repetitiveText } from '../../../text/repeatedPassages';
import { imitatedResponses } from '../../formats/recordModel';
import type { TextField } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

/**
 * Responses (and pre-training texts) in which under the threshold share is new: the rest loops
 * or repeats a copied block. Rejected answers and undesirable KTO responses are left alone:
 * degenerate text is what they are there to show.
 */
export const lowUniqueRatioRule = defineRecordRule({
  info: [
    {
      code: 'low-unique-ratio',
      defaultSeverity: 'info',
      title: msg('Repetitive text'),
      why: msg(
        'When under 70% of a text is new (the rest loops or repeats a copied block), the data is broken or degenerate, and the model would learn to loop.',
      ),
      settings: ['dataset.uniqueRatio.threshold', 'dataset.uniqueRatio.minRepeatWords', 'dataset.uniqueRatio.minWords'],
    },
  ],
  check(record, { options }) {
    if (!record) return [];
    const texts: TextField[] = imitatedResponses(record);
    if (record.document) texts.push(record.document);
    const hits: RuleHit[] = [];
    for (const field of texts) {
      const measure = repetitiveText(field.text, options.uniqueRatio);
      if (!measure) continue;
      const percent = (share: number) => Math.floor(share * 100);
      hits.push({
        code: 'low-unique-ratio',
        message: msg('Only {0}% of this text is new: {1} of its {2} words loop or repeat an earlier passage (the minimum is {3}% new).'),
        args: [percent(measure.newShare), measure.repeated, measure.words, Math.round(options.uniqueRatio.threshold * 100)],
        path: field.path,
        data: {
          measured: Math.round(measure.newShare * 1000) / 1000,
          threshold: options.uniqueRatio.threshold,
          detail: { words: measure.words, repeated: measure.repeated },
        },
      });
    }
    return hits;
  },
});
