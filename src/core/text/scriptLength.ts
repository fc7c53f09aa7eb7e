import { isCjk, isWhitespace, trimmedBounds } from './characters';

/**
 * Length limits that mean the same in Chinese and in English. The domain rule's 10–2,000
 * characters comes from Chinese practice, where a character carries about as much as three
 * to four letters of English (on the corpus demo sets, English responses are 2.5–3.9× longer
 * than Chinese ones at the same percentile; a tokenizer such as Qwen's spends about one
 * token per 1.5 Chinese characters and per 4 English characters). So a limit in characters
 * holds for CJK text as written and is multiplied by `otherScriptFactor` (default 3) for
 * text in other scripts; a mixed text gets the limit in proportion to its share of CJK
 * characters among the visible ones.
 */
export interface ScriptLength {
  /** Code points, trimmed. */
  length: number;
  /** CJK share of the visible (non-white-space) characters, 0–1. */
  cjkShare: number;
}

export function scriptLength(text: string): ScriptLength {
  const [start, end] = trimmedBounds(text);
  let surrogates = 0;
  let cjk = 0;
  let visible = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogates++;
    else if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (isWhitespace(c)) continue;
    visible++;
    if (isCjk(c)) cjk++;
  }
  return { length: end - start - surrogates, cjkShare: visible ? cjk / visible : 0 };
}

/** The limit for a text with this CJK share: `cjkLimit` for CJK text, `factor` times it for other scripts. */
export function limitFor(cjkLimit: number, cjkShare: number, factor: number): number {
  return Math.round(cjkLimit * (cjkShare + (1 - cjkShare) * factor));
}
