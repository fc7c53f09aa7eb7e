/**
 * Fast character classes over UTF-16 code units, for the hot loops of the dataset rules.
 * Deliberately table-free and allocation-free: each check is a few integer comparisons.
 */

/** CJK ideographs (unified, extension A, compatibility), kana and hangul: scripts written without spaces. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xac00 && code <= 0xd7af)
  );
}

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** White space as JSON text and prose use it, including the ideographic space. */
export function isWhitespace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/**
 * Part of a word in an alphabetic script: ASCII letters and digits, and non-ASCII letters
 * outside the CJK, punctuation, symbol and surrogate ranges (Latin with accents, Cyrillic,
 * Greek, Arabic…). An approximation of \p{L}\p{N} that needs no regular expression.
 */
export function isAlphabeticWordChar(code: number): boolean {
  if (code < 0x80) return isAsciiLetter(code) || isAsciiDigit(code);
  if (code < 0xc0) return code === 0xaa || code === 0xb5 || code === 0xba;
  if (code === 0xd7 || code === 0xf7) return false;
  if (code >= 0x2000 && code <= 0x2bff) return false; // punctuation, symbols, arrows, box drawing
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  if (code >= 0xd800 && code <= 0xdfff) return false; // surrogates (emoji and rare scripts)
  if (code >= 0xfe00 && code <= 0xfe6f) return false; // variation selectors, small forms
  if (code >= 0xff00 && code <= 0xff0f) return false; // fullwidth punctuation
  if (code >= 0xff1a && code <= 0xff20) return false;
  if (code >= 0xff3b && code <= 0xff40) return false;
  if (code >= 0xff5b && code <= 0xff65) return false;
  return !isCjk(code);
}

/** Sentence and clause punctuation in English and Chinese. */
export function isClauseBreak(code: number): boolean {
  switch (code) {
    case 0x2e: // .
    case 0x2c: // ,
    case 0x21: // !
    case 0x3f: // ?
    case 0x3b: // ;
    case 0x3a: // :
    case 0x0a: // newline
    case 0x3002: // 。
    case 0xff0c: // ，
    case 0xff01: // ！
    case 0xff1f: // ？
    case 0xff1b: // ；
    case 0xff1a: // ：
    case 0x3001: // 、
    case 0x2026: // …
      return true;
    default:
      return false;
  }
}

/** Code points of `text` without leading and trailing white space, without allocating. */
/** [start, end) of `text` without its leading and trailing white space. */
export function trimmedBounds(text: string): [number, number] {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

export function trimmedCodePointLength(text: string): number {
  const [start, end] = trimmedBounds(text);
  let surrogates = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogates++;
  }
  return end - start - surrogates;
}

/** True when `text` has any character that is not white space (usually decided by the first one). */
export function hasVisibleText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) return true;
  return false;
}
