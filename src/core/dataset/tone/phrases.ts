import { isClauseBreak, isCjk, isWhitespace } from '../../text/characters';
import { cyrb53 } from '../../text/hashing';

/**
 * The opening and closing phrase of a response: its first and last clause (up to the first /
 * after the last clause punctuation), lower-cased, at most 8 words or 12 CJK characters.
 * "As an AI language model, I…" → "as an ai language model"; "这是个好问题！…" → "这是个好问题".
 * Clauses of fewer than 3 words (or 4 CJK characters) are too common to mean anything.
 */
const MAX_WORDS = 8;
const MAX_CJK = 12;
/** A phrase never needs more than this much of its clause (8 words): do not normalise long clauses whole. */
const MAX_CLAUSE_CHARS = 160;

export function openingPhrase(text: string): string | undefined {
  let start = 0;
  while (start < text.length && (isWhitespace(text.charCodeAt(start)) || isClauseBreak(text.charCodeAt(start)))) start++;
  let end = start;
  const limit = Math.min(text.length, start + MAX_CLAUSE_CHARS);
  while (end < limit && !isClauseBreak(text.charCodeAt(end))) end++;
  return phrase(text.slice(start, end), 'head');
}

export function closingPhrase(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && (isWhitespace(text.charCodeAt(end - 1)) || isClauseBreak(text.charCodeAt(end - 1)))) end--;
  let start = end;
  const limit = Math.max(0, end - MAX_CLAUSE_CHARS);
  while (start > limit && !isClauseBreak(text.charCodeAt(start - 1))) start--;
  return phrase(text.slice(start, end), 'tail');
}

/** Normalises a clause (trim, collapse white space, lower-case: each only when needed) and keeps its head or tail. */
function phrase(clause: string, keep: 'head' | 'tail'): string | undefined {
  let normalized = clause.trim();
  if (!normalized) return undefined;
  if (EXTRA_SPACE.test(normalized)) normalized = normalized.replace(/\s+/g, ' ');
  if (UPPER.test(normalized)) normalized = normalized.toLowerCase();
  let cjk = 0;
  let spaces = 0;
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    if (c === 0x20) spaces++;
    else if (c >= 0x3040 && isCjk(c)) cjk++;
  }
  if (cjk * 2 >= normalized.length) {
    if (cjk < 4) return undefined;
    return keep === 'head' ? normalized.slice(0, MAX_CJK) : normalized.slice(-MAX_CJK);
  }
  const words = spaces + 1;
  if (words < 3) return undefined;
  if (words <= MAX_WORDS) return normalized;
  const parts = normalized.split(' ');
  return (keep === 'head' ? parts.slice(0, MAX_WORDS) : parts.slice(-MAX_WORDS)).join(' ');
}

const EXTRA_SPACE = /\s\s|[\t\n\r\u00a0\u3000]/;
const UPPER = /[A-Z]/;

export type PhrasePosition = 'opening' | 'closing';

/** A phrase's 53-bit hash with its position in the lowest bit: what workers send instead of the text. */
export function phraseHash(phrase: string, position: PhrasePosition): number {
  const h = cyrb53(phrase, 0x70687261);
  return h - (h % 2) + (position === 'closing' ? 1 : 0);
}

export function positionOfPhraseHash(hash: number): PhrasePosition {
  return hash % 2 === 1 ? 'closing' : 'opening';
}
