import { findPlaceholders } from '../../../text/placeholders';
import { allTexts } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RecordRule, RuleHit } from '../recordRule';

/** Unfilled `{{identifier}}` placeholders (not `${{ x.y }}`, `{{ a: 1 }}` or code). */
export const templatePlaceholderRule: RecordRule = {
  code: 'template-placeholder',
  check(record) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    for (const field of allTexts(record)) {
      for (const match of findPlaceholders(field.text)) {
        hits.push({
          code: 'template-placeholder',
          message: msg('Unfilled placeholder {0}: the model would learn it literally.'),
          args: [`{{${match.name}}}`],
          path: field.path,
          span: [match.start, match.end],
          data: { detail: { name: match.name } },
        });
      }
    }
    return hits;
  },
};
