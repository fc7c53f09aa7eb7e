import { allTexts } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

/** The bundled lexicon's categories named in each language (a user lexicon's own categories are shown as written). */
const BUNDLED_CATEGORY_MESSAGES: Readonly<Record<string, string>> = {
  violence: msg('Sensitive term "{0}" (violence): review before training.'),
  sexual: msg('Sensitive term "{0}" (sexual): review before training.'),
  hate: msg('Sensitive term "{0}" (hate): review before training.'),
  'self-harm': msg('Sensitive term "{0}" (self-harm): review before training.'),
  illegal: msg('Sensitive term "{0}" (illegal): review before training.'),
};

/** At most this many hits per record: a record full of them needs one review, not fifty squiggles. */
const MAX_HITS_PER_RECORD = 5;

/** "anti-money laundering", "反洗钱", "counter-terrorism": the term names what is fought, not done. */
const NEGATING_PREFIX = /(?:\banti[- ]?|\bcounter[- ]?|反)$/i;

/** Terms of the bundled and user lexicons, with their category, in any text of the record. */
export const sensitiveTermRule = defineRecordRule({
  info: [
    {
      code: 'sensitive-term',
      defaultSeverity: 'info',
      title: msg('Sensitive term'),
      why: msg('Harmful or sensitive content needs a human decision before it is trained on; ambiguous hits go to review.'),
      settings: ['dataset.useBundledLexicon', 'dataset.lexiconFiles'],
    },
  ],
  check(record, { terms }) {
    if (!record || !terms) return [];
    const hits: RuleHit[] = [];
    for (const field of allTexts(record)) {
      for (const match of terms.findAll(field.text, MAX_HITS_PER_RECORD - hits.length)) {
        if (NEGATING_PREFIX.test(field.text.slice(Math.max(0, match.start - 8), match.start))) continue;
        hits.push({
          code: 'sensitive-term',
          message:
            (match.term.source === 'bundled' && BUNDLED_CATEGORY_MESSAGES[match.term.category]) || msg('Sensitive term "{0}" ({1}): review before training.'),
          args: [match.term.term, match.term.category],
          path: field.path,
          span: [match.start, match.end],
          data: { detail: { term: match.term.term, category: match.term.category, source: match.term.source } },
        });
      }
      if (hits.length >= MAX_HITS_PER_RECORD) break;
    }
    return hits;
  },
});
