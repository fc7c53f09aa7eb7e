import { limitFor, scriptLength } from '../../../text/scriptLength';
import { responses } from '../../formats/recordModel';
import type { RecordRule, RuleHit } from '../recordRule';
import { lengthMessage } from './tooShortRule';

/** Responses over the maximum length: characters (code points, trimmed) against a limit that follows the script (see scriptLength). */
export const tooLongRule: RecordRule = {
  code: 'too-long',
  check(record, { options }) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    const factor = Math.max(1, options.otherScriptLengthFactor);
    for (const turn of responses(record)) {
      // Code points ≤ UTF-16 length, and no text's limit is under the CJK one.
      if (turn.text.length <= options.maxResponseChars) continue;
      const measured = scriptLength(turn.text);
      const limit = limitFor(options.maxResponseChars, measured.cjkShare, factor);
      if (measured.length <= limit) continue;
      hits.push({
        code: 'too-long',
        ...lengthMessage('long', measured, limit, options.maxResponseChars, factor),
        path: turn.path,
        data: { measured: measured.length, threshold: limit, detail: { cjkShare: Math.round(measured.cjkShare * 100) / 100 } },
      });
    }
    return hits;
  },
};
