import { isWhitespace, trimmedCodePointLength } from '../../../text/characters';
import { responses } from '../../formats/recordModel';
import { msg } from '../../messageTemplate';
import type { RecordRule, RuleHit } from '../recordRule';

/** Responses under the minimum length (in characters = code points, trimmed); empty ones are `empty-turn`. */
export const tooShortRule: RecordRule = {
  code: 'too-short',
  check(record, { options }) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    for (const turn of responses(record)) {
      const text = turn.text;
      // Cheap bound first: visible ends and ≥ 2× the minimum in UTF-16 units means ≥ the minimum in code points.
      if (text.length >= 2 * options.minResponseChars && !isWhitespace(text.charCodeAt(0)) && !isWhitespace(text.charCodeAt(text.length - 1))) continue;
      const length = trimmedCodePointLength(text);
      if (length > 0 && length < options.minResponseChars) {
        hits.push({ code: 'too-short', message: msg('Response is {0} characters long, under the minimum of {1}.'), args: [length, options.minResponseChars], path: turn.path, data: { measured: length, threshold: options.minResponseChars } });
      }
    }
    return hits;
  },
};
