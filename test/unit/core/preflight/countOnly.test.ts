import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { countOnly } from '../../../../src/core/preflight/tokens/countOnly';
import { loadModelTokenizer } from '../../../../src/core/preflight/tokens/modelTokenizer';
import { qwenTokenizerDir } from './qwenTokenizer';

/** Seeded English / Chinese / special-token / odd-Unicode texts written here. */
function texts(count: number): string[] {
  const parts = [
    'the',
    'model',
    ' answer',
    '训练数据',
    '问题的回答',
    '，',
    '。',
    '\n',
    '\n\n',
    '   ',
    '<|im_start|>',
    '<|im_end|>',
    '<think>',
    '😀👍🏽',
    'e\u0301',
    'Ａ１',
    '\ud800',
    '2048',
    "don't",
    'LoRA',
    '\t',
  ];
  let s = 11;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => {
    let text = '';
    for (let i = 0, n = 1 + Math.floor(next() * 80); i < n; i++) text += parts[Math.floor(next() * parts.length)] + (next() < 0.5 ? ' ' : '');
    return text;
  });
}

describe('count-only tokenization', function () {
  this.timeout(60_000);
  const json = () => JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
  const config = () => JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer_config.json'), 'utf8')) as object;

  it('gives exactly the number of ids the library encodes, on the real Qwen tokenizer and through the loaded counter', async () => {
    const plain = new Tokenizer(json(), config());
    const count = countOnly(new Tokenizer(json(), config()));
    assert.ok(count, 'installed on a byte-level BPE tokenizer');
    const loaded = await loadModelTokenizer(qwenTokenizerDir());
    const samples = [...texts(400), '', ' ', '<|im_start|>user\nhi<|im_end|>\n', '敏捷的棕色狐狸跳过了懒狗'.repeat(30)];
    // Twice: the second pass is answered from the pre-token cache.
    for (const text of [...samples, ...samples]) {
      const expected = plain.encode(text, { add_special_tokens: false }).ids.length;
      assert.equal(count(text), expected, JSON.stringify(text));
      assert.equal(loaded.counter.count(text), expected, JSON.stringify(text));
    }
  });

  it('is not used where tokens could be added or joined across pre-tokens (a template post-processor)', () => {
    const withTemplate = json();
    withTemplate.post_processor = { type: 'TemplateProcessing', single: [{ Sequence: { id: 'A', type_id: 0 } }], pair: [], special_tokens: {} };
    assert.equal(countOnly(new Tokenizer(withTemplate, config())), undefined);
    assert.equal(countOnly({}), undefined);
  });
});
