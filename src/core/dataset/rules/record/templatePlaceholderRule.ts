import { findPlaceholders } from '../../../text/placeholders';
import { allTexts } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

/** Unfilled `{{identifier}}` placeholders (not `${{ x.y }}`, `{{ a: 1 }}` or code). */
export const templatePlaceholderRule = defineRecordRule({
  info: [
    {
      code: 'template-placeholder',
      defaultSeverity: 'warning',
      title: msg('Unfilled placeholder'),
      why: msg('A {{placeholder}} left in the data is learned literally: the model will answer "I am {{name}}".'),
      settings: [],
    },
  ],
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
});
