import { isWhitespace, trimmedCodePointLength } from '../../../text/characters';
import type { ScriptLength } from '../../../text/scriptLength';
import { imitatedResponses } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

/**
 * Responses under the minimum length (characters = code points, trimmed); empty ones are
 * `empty-turn`. The minimum is the same in every script: it is a floor for perfunctory
 * answers ("Ok.", "好的。"), and raising it for English would flag correct short answers
 * (a label, a number). An info by default: a short answer is often the right one (a label,
 * a number, a role-play line), so the rule points, it does not judge. Rejected answers and
 * undesirable KTO responses are left alone: they are meant to be bad.
 */
export const tooShortRule = defineRecordRule({
  info: [
    {
      code: 'too-short',
      defaultSeverity: 'info',
      title: msg('Response too short'),
      why: msg(
        'Responses under 10 characters are often perfunctory, and the model learns to answer curtly; but a label, a number or a role-play line is rightly short, so this is a pointer for review.',
      ),
      settings: ['dataset.minResponseChars'],
    },
  ],
  check(record, { options }) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    for (const turn of imitatedResponses(record)) {
      const text = turn.text;
      // Cheap bound first: visible ends and ≥ 2× the minimum in UTF-16 units means ≥ the minimum in code points.
      if (text.length >= 2 * options.minResponseChars && !isWhitespace(text.charCodeAt(0)) && !isWhitespace(text.charCodeAt(text.length - 1))) continue;
      const length = trimmedCodePointLength(text);
      if (length > 0 && length < options.minResponseChars) {
        hits.push({
          code: 'too-short',
          message:
            length === 1 ? msg('Response is {0} character long, under the minimum of {1}.') : msg('Response is {0} characters long, under the minimum of {1}.'),
          args: [length, options.minResponseChars],
          path: turn.path,
          data: { measured: length, threshold: options.minResponseChars },
        });
      }
    }
    return hits;
  },
});

const MESSAGES = {
  long: {
    cjk: msg('Response is {0} characters long, over the maximum of {1} for Chinese, Japanese or Korean text.'),
    other: msg('Response is {0} characters long, over the maximum of {1} ({3}× the {2} for Chinese, as this text is in another script).'),
    mixed: msg('Response is {0} characters long, over the maximum of {1} for this text ({2}% of it Chinese, Japanese or Korean).'),
  },
};

/** The message for a length finding: which text the limit is for is part of the sentence (each localised whole). */
export function lengthMessage(
  kind: 'long',
  measured: ScriptLength,
  limit: number,
  cjkLimit: number,
  factor: number,
): { message: string; args: Array<string | number> } {
  const share = measured.cjkShare;
  if (share >= 0.95) return { message: MESSAGES[kind].cjk, args: [measured.length, limit] };
  if (share <= 0.05) return { message: MESSAGES[kind].other, args: [measured.length, limit, cjkLimit, factor] };
  return { message: MESSAGES[kind].mixed, args: [measured.length, limit, Math.round(share * 100)] };
}
