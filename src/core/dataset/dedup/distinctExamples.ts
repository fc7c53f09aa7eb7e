import type { DatasetRecord } from '../formats/recordModel';

/**
 * What tells two similar records apart as training examples: the words of the first user turn
 * (the question) and of the responses, each as a sorted array of unique 32-bit word hashes, so
 * a verified pair costs two merges.
 *
 * Why: character similarity over a short templated record is dominated by the template. "What
 * was IBM's opening price?" → `get_price(IBM)` and "What was Chevron's opening price?" →
 * `get_price(CVX)` are 90% alike, yet each teaches a different mapping; dropping one loses data.
 * So a pair is *not* a near duplicate when both the question and the answer contain a word
 * (numbers aside) that the other record's lacks: a different question with a different answer.
 * A reworded question with the same answer, the same question answered with a few words
 * changed, or a different number in either stays a near duplicate. On the corpus this removed
 * the 10 false pairs of a stock tool-calling set and one true pair (a currency question asked in
 * other words, answered with another figure); see docs/dataset-findings.md.
 */
export interface ExampleWords {
  question: Uint32Array;
  answer: Uint32Array;
}

export function exampleWords(record: DatasetRecord): ExampleWords {
  const question = new Set<number>();
  const answer = new Set<number>();
  const firstUser = record.turns.find((t) => t.role === 'user');
  if (firstUser) addWords(firstUser.text, question);
  for (const turn of [...record.turns, ...(record.chosen ?? []), ...(record.rejected ?? [])]) {
    if (turn.role === 'assistant' || turn.role === 'tool_call') addWords(turn.text, answer);
  }
  return { question: Uint32Array.from(question).sort(), answer: Uint32Array.from(answer).sort() };
}

/** True when both the question and the answer of each record differ in a non-numeric word. */
export function differentExamples(a: ExampleWords, b: ExampleWords): boolean {
  if (a.question.length === 0 || a.answer.length === 0 || b.question.length === 0 || b.answer.length === 0) return false;
  return !sameSets(a.question, b.question) && !sameSets(a.answer, b.answer);
}

/** Sorted unique arrays with the same members. */
function sameSets(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words (CJK runs as whole words, as a written sentence groups them), numbers left out, as 32-bit hashes. */
function addWords(text: string, into: Set<number>): void {
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const word = m[0];
    if (/^\d+$/.test(word)) continue;
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    into.add(h >>> 0);
  }
}

/**
 * One record's verification entry as a single array, so it travels from a worker thread and
 * sits in the shingle cache as one block: [shingle count, question count, ...shingles,
 * ...question words, ...answer words].
 */
export function packEntry(shingles: Uint32Array, words: ExampleWords | undefined): Uint32Array {
  const question = words?.question ?? EMPTY;
  const answer = words?.answer ?? EMPTY;
  const out = new Uint32Array(2 + shingles.length + question.length + answer.length);
  out[0] = shingles.length;
  out[1] = question.length;
  out.set(shingles, 2);
  out.set(question, 2 + shingles.length);
  out.set(answer, 2 + shingles.length + question.length);
  return out;
}

export function entryShingles(entry: Uint32Array): Uint32Array {
  return entry.length < 2 ? EMPTY : entry.subarray(2, 2 + entry[0]);
}

export function entryWords(entry: Uint32Array): ExampleWords {
  if (entry.length < 2) return { question: EMPTY, answer: EMPTY };
  const q = 2 + entry[0];
  return { question: entry.subarray(q, q + entry[1]), answer: entry.subarray(q + entry[1]) };
}

const EMPTY = new Uint32Array(0);
