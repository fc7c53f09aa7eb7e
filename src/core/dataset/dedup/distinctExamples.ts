import type { DatasetRecord } from '../formats/recordModel';

/**
 * What tells two similar records apart as training examples: the words of the first user turn
 * (the question) and of the responses, each as a sorted array of unique 32-bit word hashes, so
 * a verified pair costs two merges.
 *
 * Why: character similarity over a short templated record is dominated by the template. "What
 * was IBM's opening price?" → `get_price(IBM)` and "What was Chevron's opening price?" →
 * `get_price(CVX)` are 90% alike, yet each teaches a different mapping; dropping one loses data.
 * So a pair is *not* a near duplicate when the question names something the other's does not
 * (a name: a capitalised word inside a sentence, an acronym such as IBM, or letters with digits
 * such as 3M) and the answer differs too (a word, numbers aside): a different question with a
 * different answer. A reworded question ("a" → "the", "each" → "every") with a reworded answer,
 * the same question answered with a few words changed, or a different number in either stays a
 * near duplicate. On the corpus this removed the 10 false pairs of a stock tool-calling set and
 * one true pair (a currency question naming EUR, answered with another figure); see
 * docs/dataset-findings.md.
 */
export interface ExampleWords {
  question: Uint32Array;
  /** The question's names (see above): a subset of `question`. */
  names: Uint32Array;
  answer: Uint32Array;
}

export function exampleWords(record: DatasetRecord): ExampleWords {
  const question = new Set<number>();
  const names = new Set<number>();
  const answer = new Set<number>();
  const firstUser = record.turns.find((t) => t.role === 'user');
  if (firstUser) addWords(firstUser.text, question, names);
  for (const turn of [...record.turns, ...(record.chosen ?? []), ...(record.rejected ?? [])]) {
    if (turn.role === 'assistant' || turn.role === 'tool_call') addWords(turn.text, answer);
  }
  const sorted = (set: Set<number>) => Uint32Array.from(set).sort();
  return { question: sorted(question), names: sorted(names), answer: sorted(answer) };
}

/** True when one question names something the other lacks and the answers differ in a non-numeric word. */
export function differentExamples(a: ExampleWords, b: ExampleWords): boolean {
  if (a.answer.length === 0 || b.answer.length === 0) return false;
  const newName = hasMemberNotIn(a.names, b.question) || hasMemberNotIn(b.names, a.question);
  return newName && !sameSets(a.answer, b.answer);
}

function hasMemberNotIn(members: Uint32Array, sorted: Uint32Array): boolean {
  for (const m of members) if (!includesSorted(sorted, m)) return true;
  return false;
}

function includesSorted(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Sorted unique arrays with the same members. */
function sameSets(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const WORD = /[\p{L}\p{N}]+/gu;
const ACRONYM = /\p{Lu}.*\p{Lu}/u;
const LETTERS_AND_DIGITS = /^(?=.*\p{L})(?=.*\p{N})/u;
const CAPITALISED = /^\p{Lu}/u;
const SENTENCE_END = /[.!?。！？:：\n"'“”‘’(（]\s*$/u;

/**
 * Words (CJK runs as whole words, as a written sentence groups them), numbers left out, as
 * lower-cased 32-bit hashes; with `names`, also the words that name something: acronyms,
 * letters with digits, and capitalised words that do not start a sentence.
 */
function addWords(text: string, into: Set<number>, names?: Set<number>): void {
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (/^\d+$/.test(word)) continue;
    const lower = word.toLowerCase();
    let h = 0x811c9dc5;
    for (let i = 0; i < lower.length; i++) h = Math.imul(h ^ lower.charCodeAt(i), 0x01000193);
    into.add(h >>> 0);
    if (!names) continue;
    const startsSentence = m.index === 0 || SENTENCE_END.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (ACRONYM.test(word) || LETTERS_AND_DIGITS.test(word) || (CAPITALISED.test(word) && !startsSentence)) names.add(h >>> 0);
  }
}

/**
 * One record's verification entry as a single array, so it travels from a worker thread and
 * sits in the shingle cache as one block: [shingle count, question count, name count,
 * ...shingles, ...question words, ...names, ...answer words].
 */
export function packEntry(shingles: Uint32Array, words: ExampleWords | undefined): Uint32Array {
  const parts = [shingles, words?.question ?? EMPTY, words?.names ?? EMPTY, words?.answer ?? EMPTY];
  const out = new Uint32Array(HEADER + parts.reduce((n, p) => n + p.length, 0));
  out[0] = parts[0].length;
  out[1] = parts[1].length;
  out[2] = parts[2].length;
  let at = HEADER;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const HEADER = 3;

export function entryShingles(entry: Uint32Array): Uint32Array {
  return entry.length < HEADER ? EMPTY : entry.subarray(HEADER, HEADER + entry[0]);
}

export function entryWords(entry: Uint32Array): ExampleWords {
  if (entry.length < HEADER) return { question: EMPTY, names: EMPTY, answer: EMPTY };
  const q = HEADER + entry[0];
  const n = q + entry[1];
  const a = n + entry[2];
  return { question: entry.subarray(q, n), names: entry.subarray(n, a), answer: entry.subarray(a) };
}

const EMPTY = new Uint32Array(0);
