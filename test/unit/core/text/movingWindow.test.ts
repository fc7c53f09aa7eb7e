import * as assert from 'node:assert/strict';
import { movingWindowRatio } from '../../../../src/core/text/uniqueWordRatio';

/** The obvious implementation, to check the table-based one against. */
function reference(tokens: number[], window: number): number {
  if (tokens.length === 0) return 1;
  if (tokens.length <= window) return new Set(tokens).size / tokens.length;
  let sum = 0;
  for (let s = 0; s + window <= tokens.length; s++) sum += new Set(tokens.slice(s, s + window)).size / window;
  return sum / (tokens.length - window + 1);
}

describe('movingWindowRatio', () => {
  it('matches the definition on random token streams, including colliding probe runs', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 300; trial++) {
      const vocabulary = 1 + Math.floor(random() * 40);
      const length = Math.floor(random() * 120);
      const window = 2 + Math.floor(random() * 25);
      // multiples of 64 land in the same slot of small tables: exercises backward-shift deletion
      const tokens = Array.from({ length }, () => Math.floor(random() * vocabulary) * (trial % 2 ? 64 : 1) - 20);
      assert.ok(Math.abs(movingWindowRatio(tokens, tokens.length, window) - reference(tokens, window)) < 1e-12, `trial ${trial}`);
    }
  });

  it('gives 1 for distinct tokens and 1/window for one repeated token', () => {
    assert.equal(movingWindowRatio([1, 2, 3, 4, 5, 6], 6, 3), 1);
    assert.equal(movingWindowRatio(new Array(40).fill(9), 40, 10), 0.1);
  });
});
