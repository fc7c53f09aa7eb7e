import { isAlphabeticWordChar, isAsciiDigit, isCjk } from './characters';
import { withoutCodeAndMarkup } from './codeRegions';

/**
 * Lexical diversity as "unique words / words", made robust to length with a moving
 * window (MATTR): the mean unique-word share over every window of `window` words. A raw
 * type-token ratio falls as any text grows (function words repeat), so it would flag most
 * long, healthy answers; the windowed ratio stays near 0.9 for prose and drops to 0.1–0.4
 * for loops such as "好的好的好的" or a sentence said five times.
 *
 * Words: English and other alphabetic scripts by letters (with inner apostrophes); Chinese
 * and Japanese by ICU's dictionary segmenter (`Intl.Segmenter`). ICU is slow (about 2 M
 * characters a second), so CJK text first goes through a cheap pre-filter that treats each
 * ideograph as a token over a window 1.5× wider (a word is about 1.5 characters); only texts
 * the pre-filter cannot clear are segmented properly. On the corpus demo sets the pre-filter
 * never cleared a text that proper segmentation flags, with a margin of 0.11 at its cut-off.
 * Numbers, code blocks, inline code, HTML tags and Markdown table rows are left out: they
 * repeat by nature.
 */
export interface UniqueRatioOptions {
  /** Words per moving window. */
  window: number;
  /** Texts with fewer words are not measured. */
  minWords: number;
  /** The ratio below which a text is flagged. */
  threshold: number;
}

export interface UniqueRatioMeasure {
  ratio: number;
  words: number;
  window: number;
}

/** Margin above the threshold below which the CJK pre-filter hands a text to ICU. */
const PREFILTER_MARGIN = 0.1;
/** ICU's break iterator slows down on long strings: segment in pieces of at most this many characters. */
const SEGMENT_PIECE = 256;

let segmenter: Intl.Segmenter | undefined;

/**
 * The windowed unique-word ratio of `text` when it is below `threshold`; undefined when the
 * text is too short to judge or clearly diverse (the exact value is then not computed).
 */
export function lowUniqueWordRatio(text: string, options: UniqueRatioOptions): UniqueRatioMeasure | undefined {
  const clean = withoutCodeAndMarkup(text);
  const tokens = quickTokens(clean);
  if (tokens.count < options.minWords) return undefined;
  if (tokens.cjk === 0) {
    const ratio = movingWindowRatio(tokens.hashes, tokens.count, options.window);
    return ratio < options.threshold ? { ratio, words: tokens.count, window: options.window } : undefined;
  }
  const prefilterWindow = Math.round(options.window * (1 + (0.5 * tokens.cjk) / tokens.count));
  const estimate = movingWindowRatio(tokens.hashes, tokens.count, prefilterWindow);
  if (estimate >= options.threshold + PREFILTER_MARGIN) return undefined;
  const words = segmentWords(clean);
  if (words.length < options.minWords) return undefined;
  const ratio = movingWindowRatio(hashWords(words), words.length, options.window);
  return ratio < options.threshold ? { ratio, words: words.length, window: options.window } : undefined;
}

/** Words of `text` by ICU (lower-cased, numbers left out), for CJK text and for tests. */
export function segmentWords(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SEGMENT_PIECE);
    if (end < text.length) {
      // cut at a space or punctuation so no word is split
      let cut = end;
      while (cut > start + SEGMENT_PIECE / 2 && /[\p{L}\p{N}]/u.test(text[cut - 1])) cut--;
      if (cut > start + SEGMENT_PIECE / 2) end = cut;
    }
    for (const piece of segmenter.segment(text.slice(start, end).toLowerCase())) {
      if (piece.isWordLike && !isNumber(piece.segment)) words.push(piece.segment);
    }
    start = end;
  }
  return words;
}

interface QuickTokens {
  hashes: Int32Array;
  count: number;
  cjk: number;
}

let tokenBuffer = new Int32Array(1024);

/**
 * Alphabetic words (lower-cased, numbers dropped) and single CJK characters, as 32-bit
 * hashes, in one pass without allocating strings. CJK hashes live in their own range.
 */
function quickTokens(text: string): QuickTokens {
  let count = 0;
  let cjk = 0;
  let hash = 0;
  let inWord = false;
  let allDigits = true;
  const push = (value: number) => {
    if (count === tokenBuffer.length) {
      const bigger = new Int32Array(tokenBuffer.length * 2);
      bigger.set(tokenBuffer);
      tokenBuffer = bigger;
    }
    tokenBuffer[count++] = value;
  };
  for (let i = 0; i <= text.length; i++) {
    let code = i < text.length ? text.charCodeAt(i) : 0x20;
    const apostropheInWord = (code === 0x27 || code === 0x2019) && inWord && i + 1 < text.length && isAlphabeticWordChar(text.charCodeAt(i + 1));
    if (isAlphabeticWordChar(code) || apostropheInWord) {
      if (code >= 0x41 && code <= 0x5a) code += 0x20;
      if (!inWord) {
        inWord = true;
        allDigits = true;
        hash = 0x811c9dc5;
      }
      if (!isAsciiDigit(code)) allDigits = false;
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (inWord) {
      inWord = false;
      if (!allDigits) push(hash & 0x7fffffff);
    }
    if (isCjk(code)) {
      push(-1 - code); // negative: never equal to a word hash
      cjk++;
    }
  }
  return { hashes: tokenBuffer, count, cjk };
}

function hashWords(words: readonly string[]): Int32Array {
  const out = new Int32Array(words.length);
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    out[w] = hash;
  }
  return out;
}

/**
 * Mean share of distinct tokens over every window of `window` tokens (whole text if
 * shorter). A small open-addressing table of live tokens with counts (deleting by
 * backward shift) keeps this allocation-free: it runs for every response.
 */
export function movingWindowRatio(tokens: ArrayLike<number>, count: number, window: number): number {
  if (count === 0) return 1;
  const span = Math.min(count, window);
  let size = 16;
  while (size < span * 4) size *= 2;
  if (size > tableKeys.length) {
    tableKeys = new Int32Array(size);
    tableCounts = new Int32Array(size);
  }
  const keys = tableKeys;
  const counts = tableCounts;
  const mask = size - 1;
  counts.fill(0, 0, size);
  let distinct = 0;
  const slotOf = (token: number): number => {
    let slot = Math.imul(token, 0x9e3779b1) >>> 0 & mask;
    while (counts[slot] !== 0 && keys[slot] !== token) slot = (slot + 1) & mask;
    return slot;
  };
  const add = (token: number) => {
    const slot = slotOf(token);
    if (counts[slot] === 0) {
      keys[slot] = token;
      distinct++;
    }
    counts[slot]++;
  };
  const remove = (token: number) => {
    let slot = slotOf(token);
    if (--counts[slot] > 0) return;
    distinct--;
    // backward-shift deletion: pull later entries of the same probe run into the hole
    for (let next = (slot + 1) & mask; counts[next] !== 0; next = (next + 1) & mask) {
      const home = Math.imul(keys[next], 0x9e3779b1) >>> 0 & mask;
      const between = slot <= next ? home > slot && home <= next : home > slot || home <= next;
      if (between) continue;
      keys[slot] = keys[next];
      counts[slot] = counts[next];
      counts[next] = 0;
      slot = next;
    }
  };
  if (count <= window) {
    for (let i = 0; i < count; i++) add(tokens[i]);
    return distinct / count;
  }
  let sum = 0;
  for (let i = 0; i < count; i++) {
    add(tokens[i]);
    if (i >= window) remove(tokens[i - window]);
    if (i >= window - 1) sum += distinct;
  }
  return sum / window / (count - window + 1);
}

let tableKeys = new Int32Array(64);
let tableCounts = new Int32Array(64);

function isNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiDigit(c) && c !== 0x2e && c !== 0x2c) return false;
  }
  return true;
}
