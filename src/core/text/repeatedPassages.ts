import { isAlphabeticWordChar, isCjk } from './characters';
import { withoutCodeAndMarkup } from './codeRegions';

/**
 * Repetition as the domain rule means it: "long repeated spans mean broken data". The
 * measure is the share of a text that is *new*, i.e. not a repeat of an earlier passage of
 * the same text; under 0.70 the text is flagged. Two kinds of repeat count:
 *
 * - **Loops**: a run of `minRepeatWords` words (in a mostly Chinese or Japanese text, 1.5× as
 *   many characters: about as many words) that occurs a third time or more with each copy
 *   close to the previous one (at most two run lengths apart, and not just one word
 *   repeating, which is how nested formulas and "ha ha ha" look): "好的好的好的…", a sentence said five times, a phrase
 *   looping at the end of a generated answer. The second and later copies count as
 *   repeated; the first copy is new.
 * - **Copied blocks**: a run of 30 words (or 45 characters) that occurs again anywhere in
 *   the text: a paragraph pasted twice, a summary that copies the body.
 *
 * Everything else is new text, however often single words recur: enumerations, step-by-step
 * arithmetic, a sentence template used twice, JSON payloads, tool calls that echo the query.
 * (A moving-window unique-word ratio, the previous measure, called 12% of GSM8K answers
 * repetitive for exactly these reasons.) Numbers are words here, so "48 / 2 = 24" and
 * "24 + 48 = 72" differ. Code blocks, HTML tags, Markdown tables and URLs are
 * left out, and so are the refrains of song lyrics (texts with a chorus or refrain marker):
 * they repeat by nature. Only the first 200,000 words are read: a loop shows long before.
 */
export interface RepetitionOptions {
  /** The new-text share below which a text is flagged (the rule's 0.70). */
  threshold: number;
  /** Texts with fewer words are not judged. */
  minWords: number;
  /** Shortest looping run, in words. */
  minRepeatWords: number;
}

export interface RepetitionMeasure {
  /** Share of the text's words that are new (0–1). */
  newShare: number;
  words: number;
  /** Words that repeat an earlier passage. */
  repeated: number;
}

/** Length of a copied block, in words. */
export const BLOCK_WORDS = 30;
/** CJK characters per word, for run lengths: a Chinese word is about 1.5 characters. */
const CJK_CHARS_PER_WORD = 1.5;
const MAX_TOKENS = 200_000;
const URL = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi;
const LYRICS = /\b(?:chorus|refrain|pre-chorus|hook)\b|副歌|合唱|叠句/i;

/** The repetition measure of `text` when its new share is under the threshold; undefined otherwise or when too short. */
export function repetitiveText(text: string, options: RepetitionOptions): RepetitionMeasure | undefined {
  const measure = measureRepetition(text, options);
  return measure && measure.newShare < options.threshold ? measure : undefined;
}

/** The new-text share of `text`; undefined when it has fewer than `minWords` words. */
export function measureRepetition(text: string, options: Pick<RepetitionOptions, 'minWords' | 'minRepeatWords'>): RepetitionMeasure | undefined {
  let clean = withoutCodeAndMarkup(text, { keepInlineCode: true });
  if (clean.includes('://') || clean.includes('www.')) clean = clean.replace(URL, ' ');
  const tokens = tokenize(clean);
  const count = tokens.count;
  if (count < options.minWords) return undefined;
  const cover = new Int32Array(count + 1);
  markLoops(tokens, options.minRepeatWords, cover);
  if (!LYRICS.test(clean)) markBlocks(tokens, BLOCK_WORDS, cover);
  let repeated = 0;
  for (let i = 0, depth = 0; i < count; i++) {
    depth += cover[i];
    if (depth > 0) repeated++;
  }
  return { newShare: 1 - repeated / count, words: count, repeated };
}

interface Tokens {
  /** 32-bit hashes of words (lower-cased) and of single CJK characters. */
  hashes: Int32Array;
  count: number;
  /** Most tokens are CJK characters: run lengths are counted in characters. */
  cjk: boolean;
}

/** Words (letters and digits, inner apostrophes) and single CJK characters, hashed without allocating strings. */
function tokenize(text: string): Tokens {
  const capacity = Math.min(MAX_TOKENS, text.length);
  const hashes = new Int32Array(capacity);
  let cjk = 0;
  let count = 0;
  let hash = 0;
  let inWord = false;
  for (let i = 0; i <= text.length && count < capacity; i++) {
    let code = i < text.length ? text.charCodeAt(i) : 0x20;
    const apostropheInWord = (code === 0x27 || code === 0x2019) && inWord && i + 1 < text.length && isAlphabeticWordChar(text.charCodeAt(i + 1));
    const ideograph = isCjk(code);
    if (!ideograph && (isAlphabeticWordChar(code) || apostropheInWord)) {
      if (code >= 0x41 && code <= 0x5a) code += 0x20;
      if (!inWord) {
        inWord = true;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (inWord) {
      inWord = false;
      hashes[count++] = hash;
      if (count === capacity) break;
    }
    if (ideograph) {
      cjk++;
      hashes[count++] = Math.imul(code, 0x9e3779b1) ^ 0x5bd1e995;
    }
  }
  return { hashes, count, cjk: cjk * 2 > count };
}

/** Tokens per run of `words` words: 1.5× as many in a mostly CJK text (a Chinese word is about 1.5 characters). */
function runTokens(tokens: Tokens, words: number): number {
  return tokens.cjk ? Math.round(words * CJK_CHARS_PER_WORD) : words;
}

const BASE_A = 0x01000193;
const BASE_B = 0x5bd1e995;

/**
 * 53-bit keys of the runs of `length` tokens at each start, from two independent 32-bit
 * polynomial rolling hashes: O(1) a position, whatever the run length.
 */
class RollingHash {
  private a = 0;
  private b = 0;
  private readonly topA: number;
  private readonly topB: number;

  constructor(
    private readonly hashes: Int32Array,
    private readonly count: number,
    readonly length: number,
  ) {
    let topA = 1;
    let topB = 1;
    for (let k = 1; k < length; k++) {
      topA = Math.imul(topA, BASE_A);
      topB = Math.imul(topB, BASE_B);
    }
    this.topA = topA;
    this.topB = topB;
    for (let k = 0; k < Math.min(length, count); k++) this.push(hashes[k]);
  }

  private push(h: number): void {
    this.a = (Math.imul(this.a, BASE_A) + h) | 0;
    this.b = (Math.imul(this.b, BASE_B) + (h ^ 0x2545f491)) | 0;
  }

  /** The key of the run starting at `i` (called for consecutive i from 0), then rolls one token on. */
  next(i: number): { length: number; key: number } | undefined {
    if (i + this.length > this.count) return undefined;
    const key = (this.a >>> 0) * 0x200000 + ((this.b >>> 0) & 0x1fffff);
    if (i + this.length < this.count) {
      const out = this.hashes[i];
      this.a = (this.a - Math.imul(out, this.topA)) | 0;
      this.b = (this.b - Math.imul(out ^ 0x2545f491, this.topB)) | 0;
      this.push(this.hashes[i + this.length]);
    }
    return { length: this.length, key };
  }
}

function markRun(cover: Int32Array, start: number, length: number): void {
  cover[start]++;
  cover[start + length]--;
}

/**
 * Loops: a run seen again within two run lengths of its last copy continues a chain; from
 * the third copy on, the copy and the one before it (the second) are marked as repeated.
 */
function markLoops(tokens: Tokens, words: number, cover: Int32Array): void {
  const last = new Map<number, number>();
  const chain = new Uint16Array(tokens.count);
  const runs = new RollingHash(tokens.hashes, tokens.count, runTokens(tokens, words));
  for (let i = 0; i < tokens.count; i++) {
    const run = runs.next(i);
    if (!run) continue;
    const { length, key } = run;
    const previous = last.get(key);
    last.set(key, i);
    if (previous === undefined || i - previous > 2 * length || i - previous === 1) continue;
    chain[i] = Math.min(65535, Math.max(1, chain[previous]) + 1);
    if (chain[i] < 3) continue;
    markRun(cover, i, length);
    if (chain[previous] === 2) markRun(cover, previous, length);
  }
}

/**
 * Copied blocks: a run of `words` words that occurred earlier anywhere in the text, as a
 * separate copy (not overlapping the first: overlapping copies are one token repeating).
 */
function markBlocks(tokens: Tokens, words: number, cover: Int32Array): void {
  const runs = new RollingHash(tokens.hashes, tokens.count, runTokens(tokens, words));
  if (tokens.count < 2 * runs.length) return; // no room for two copies
  const first = new Map<number, number>();
  for (let i = 0; i < tokens.count; i++) {
    const run = runs.next(i);
    if (!run) continue;
    const { length, key } = run;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else if (i - earlier >= length) markRun(cover, i, length);
  }
}
