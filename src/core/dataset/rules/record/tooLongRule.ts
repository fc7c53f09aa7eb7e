import { trimmedCodePointLength } from '../../../text/characters';
import { responses } from '../../formats/recordModel';
import { msg } from '../../messageTemplate';
import type { RecordRule, RuleHit } from '../recordRule';

/** Responses over the maximum length (in characters = code points, trimmed). */
export const tooLongRule: RecordRule = {
  code: 'too-long',
  check(record, { options }) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    for (const turn of responses(record)) {
      if (turn.text.length <= options.maxResponseChars) continue; // code points ≤ UTF-16 length
      const length = trimmedCodePointLength(turn.text);
      if (length > options.maxResponseChars) {
        hits.push({ code: 'too-long', message: msg('Response is {0} characters long, over the maximum of {1}.'), args: [length, options.maxResponseChars], path: turn.path, data: { measured: length, threshold: options.maxResponseChars } });
      }
    }
    return hits;
  },
};
