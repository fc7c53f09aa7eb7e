import type { DatasetRecord } from '../formats/recordModel';

/**
 * What tells two similar records apart as training examples: the words of the first user turn
 * (the question) and of the responses. Kept per record as small hash sets, so a verified pair
 * costs two set comparisons.
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
  question: Set<number>;
  answer: Set<number>;
}

export function exampleWords(record: DatasetRecord): ExampleWords {
  const question = new Set<number>();
  const answer = new Set<number>();
  const firstUser = record.turns.find((t) => t.role === 'user');
  if (firstUser) addWords(firstUser.text, question);
  for (const turn of [...record.turns, ...(record.chosen ?? []), ...(record.rejected ?? [])]) {
    if (turn.role === 'assistant' || turn.role === 'tool_call') addWords(turn.text, answer);
  }
  return { question, answer };
}

/** True when both the question and the answer of each record differ in a non-numeric word. */
export function differentExamples(a: ExampleWords, b: ExampleWords): boolean {
  if (a.question.size === 0 || a.answer.size === 0 || b.question.size === 0 || b.answer.size === 0) return false;
  return (hasWordNotIn(a.question, b.question) || hasWordNotIn(b.question, a.question)) && (hasWordNotIn(a.answer, b.answer) || hasWordNotIn(b.answer, a.answer));
}

function hasWordNotIn(words: Set<number>, other: Set<number>): boolean {
  for (const w of words) if (!other.has(w)) return true;
  return false;
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
