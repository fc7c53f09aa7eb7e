import { msg } from '../../../../shared/messageTemplate';
import { limitFor, scriptLength } from '../../../text/scriptLength';
import { responses } from '../../formats/recordModel';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';
import { lengthMessage } from './tooShortRule';

/** Responses over the maximum length: characters (code points, trimmed) against a limit that follows the script (see scriptLength). */
export const tooLongRule = defineRecordRule({
  info: [
    {
      code: 'too-long',
      defaultSeverity: 'warning',
      title: msg('Response too long'),
      why: msg(
        'Responses over 2,000 Chinese characters (6,000 in English, about 1,500 tokens) tend to ramble, and are cut at the cutoff length during training.',
      ),
      settings: ['dataset.maxResponseChars', 'dataset.otherScriptLengthFactor'],
    },
  ],
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
});
