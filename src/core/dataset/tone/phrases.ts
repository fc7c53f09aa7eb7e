import { isClauseBreak, isCjk, isWhitespace } from '../../text/characters';

/**
 * The opening and closing phrase of a response: its first and last clause (up to the first /
 * after the last clause punctuation), lower-cased, at most 8 words or 12 CJK characters.
 * "As an AI language model, I…" → "as an ai language model"; "这是个好问题！…" → "这是个好问题".
 * Clauses of fewer than 3 words (or 4 CJK characters) are too common to mean anything.
 */
const MAX_WORDS = 8;
const MAX_CJK = 12;

export function openingPhrase(text: string): string | undefined {
  let start = 0;
  while (start < text.length && (isWhitespace(text.charCodeAt(start)) || isClauseBreak(text.charCodeAt(start)))) start++;
  let end = start;
  while (end < text.length && !isClauseBreak(text.charCodeAt(end))) end++;
  return phrase(text.slice(start, end), 'head');
}

export function closingPhrase(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && (isWhitespace(text.charCodeAt(end - 1)) || isClauseBreak(text.charCodeAt(end - 1)))) end--;
  let start = end;
  while (start > 0 && !isClauseBreak(text.charCodeAt(start - 1))) start--;
  return phrase(text.slice(start, end), 'tail');
}

function phrase(clause: string, keep: 'head' | 'tail'): string | undefined {
  const normalized = clause.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!normalized) return undefined;
  let cjk = 0;
  for (let i = 0; i < normalized.length; i++) if (isCjk(normalized.charCodeAt(i))) cjk++;
  if (cjk * 2 >= normalized.length) {
    if (cjk < 4) return undefined;
    return keep === 'head' ? normalized.slice(0, MAX_CJK) : normalized.slice(-MAX_CJK);
  }
  const words = normalized.split(' ');
  if (words.length < 3) return undefined;
  return (keep === 'head' ? words.slice(0, MAX_WORDS) : words.slice(-MAX_WORDS)).join(' ');
}
