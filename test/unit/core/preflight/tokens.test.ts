import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { ChatRenderer } from '../../../../src/core/preflight/tokens/chatRender';
import { installFastBpe } from '../../../../src/core/preflight/tokens/fastBpe';
import { installFastByteLevel } from '../../../../src/core/preflight/tokens/fastByteLevel';
import { ESTIMATE_COUNTER, loadModelTokenizer } from '../../../../src/core/preflight/tokens/modelTokenizer';
import type { ModelTokenizer } from '../../../../src/core/preflight/tokens/modelTokenizer';
import { findTokenizer } from '../../../../src/core/preflight/tokens/tokenizerLocation';
import { inferSeqlen, truncatePairs } from '../../../../src/core/preflight/tokens/trainerLimit';
import type { TrainerLimit } from '../../../../src/core/preflight/tokens/trainerLimit';
import { tokenStats } from '../../../../src/core/preflight/tokens/tokenStats';
import { qwenTokenizerDir } from './qwenTokenizer';

/** A seeded mix of English and Chinese sentences (no fixture text from elsewhere). */
function generatedTexts(count: number, seed = 7): string[] {
  const words = [
    'training',
    'model',
    'the',
    'data',
    'answer',
    'question',
    '模型',
    '训练数据',
    '问题的回答',
    '我们',
    '学习率',
    'tokenizer',
    '2048',
    '，',
    '。',
    '\n',
    'LoRA',
  ];
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => {
    const n = 3 + Math.floor(next() * 120);
    let text = '';
    for (let i = 0; i < n; i++) text += words[Math.floor(next() * words.length)] + (next() < 0.6 ? ' ' : '');
    return text;
  });
}

describe('pre-flight tokens with the real Qwen3 tokenizer', function () {
  this.timeout(60_000);
  let qwen: ModelTokenizer;
  before(async () => {
    qwen = await loadModelTokenizer(qwenTokenizerDir());
  });

  it('counts known strings as the tokenizer.json vocabulary has them', () => {
    // "Hello" and " World" are single entries of the byte-level vocabulary; "<|im_start|>" and "<|im_end|>" are added special tokens.
    assert.equal(qwen.counter.count('Hello World'), 2);
    assert.equal(qwen.counter.count(''), 0);
    assert.equal(qwen.counter.count(' '), 1);
    assert.equal(qwen.counter.count('<|im_start|>user\nhi<|im_end|>\n'), 6);
    assert.equal(qwen.counter.exact, true);
    assert.equal(qwen.eosToken, '<|im_end|>');
  });

  it('merges exactly as the library does, token for token, with the faster merge loop', () => {
    const json = JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer.json'), 'utf8')) as object;
    const config = JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer_config.json'), 'utf8')) as object;
    const plain = new Tokenizer(json, config);
    const fast = new Tokenizer(json, config);
    assert.equal(installFastBpe(fast.model), true);
    for (const text of [...generatedTexts(150), 'aaaaaaaaaaaaaaaa', '敏捷的棕色狐狸跳过了懒狗'.repeat(20)]) {
      assert.deepEqual(fast.encode(text, { add_special_tokens: false }).ids, plain.encode(text, { add_special_tokens: false }).ids, text);
    }
  });

  it('pre-tokenizes bytes exactly as the library does with the faster byte-level step (emoji, lone surrogates, CJK, repeated words)', () => {
    const json = JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer.json'), 'utf8')) as object;
    const config = JSON.parse(readFileSync(join(qwenTokenizerDir(), 'tokenizer_config.json'), 'utf8')) as object;
    const plain = new Tokenizer(json, config);
    const fast = new Tokenizer(json, config);
    assert.equal(installFastByteLevel((fast as unknown as { pre_tokenizer: unknown }).pre_tokenizer), 1);
    const odd = ['emoji 😀👍🏽 done', 'lone \ud800 high and \udc00 low', 'é ß Ω 中文 ，。', '\u0000\u007f\u0080\u07ff\u0800\uffff', 'tab\there\r\n  spaces   '];
    for (const text of [...generatedTexts(150), ...generatedTexts(50), ...odd]) {
      assert.deepEqual(fast.encode(text, { add_special_tokens: false }).ids, plain.encode(text, { add_special_tokens: false }).ids, text);
    }
  });

  it('renders records with the model chat template exactly as apply_chat_template does', () => {
    const renderer = new ChatRenderer(qwen.chatTemplate, { eos: qwen.eosToken });
    const text = renderer.render([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A' },
    ]);
    // Qwen3's template: the last assistant turn gets an empty thinking block.
    assert.equal(text, '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nA<|im_end|>\n');
    // 5 markers + "system","\n","S","\n" ... counted by the same tokenizer.json: the templated length is the rendering's length.
    assert.equal(
      qwen.counter.count(text),
      qwen.counter.count('<|im_start|>system\nS<|im_end|>\n') +
        qwen.counter.count('<|im_start|>user\nQ<|im_end|>\n') +
        qwen.counter.count('<|im_start|>assistant\n<think>\n\n</think>\n\nA<|im_end|>\n'),
    );
    const bound = renderer.byteBound(
      [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
      undefined,
    );
    assert.equal(bound, Buffer.byteLength(text));
  });

  it('renders the same text on the fast path (skeleton with the contents put in) as the template itself', () => {
    const fast = new ChatRenderer(qwen.chatTemplate, { eos: qwen.eosToken });
    const full = new ChatRenderer(qwen.chatTemplate, { eos: qwen.eosToken });
    const texts = [...generatedTexts(120, 3), 'a <b>tag</b>', '<think>\nplan\n</think>\n\nanswer', '{{ not jinja }}', '{% raw %}'];
    texts.forEach((text, i) => {
      const messages = [
        ...(i % 3 === 0 ? [{ role: 'system' as const, content: 'You are helpful.' }] : []),
        { role: 'user' as const, content: `Q${i} ${text.slice(0, 30)}` },
        { role: 'assistant' as const, content: text },
        ...(i % 4 === 0
          ? [
              { role: 'user' as const, content: 'again' },
              { role: 'assistant' as const, content: `${text} (2)` },
            ]
          : []),
      ];
      assert.equal(fast.renderFast(messages), full.render(messages), text);
    });
  });

  it('finds the same records over the limit on the fast path as when every record is tokenized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-tokens-'));
    const texts = generatedTexts(400, 11);
    const records = texts.map((t, i) => ({ instruction: `Q${i}: ${t.slice(0, 40)}`, input: '', output: i % 37 === 0 ? t.repeat(8) : t }));
    writeFileSync(join(dir, 'train.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const limit: TrainerLimit = { key: 'cutoff_len', limit: 256, configured: true, action: 'truncate-pairs', packing: false, lastTurnsFirst: false };
    const options = { counter: qwen.counter, chatTemplate: qwen.chatTemplate, specials: { eos: qwen.eosToken }, limit, sampleSize: 100 };
    const fast = await tokenStats([{ file: join(dir, 'train.jsonl') }], options);
    const full = await tokenStats([{ file: join(dir, 'train.jsonl') }], { ...options, exhaustive: true });
    // Independently: render and count every record.
    const renderer = new ChatRenderer(qwen.chatTemplate, { eos: qwen.eosToken });
    const expected = records
      .map((r, i) => ({
        line: i + 1,
        tokens: qwen.counter.count(
          renderer.render([
            { role: 'user', content: r.instruction },
            { role: 'assistant', content: r.output },
          ]),
        ),
      }))
      .filter((r) => r.tokens > 256);
    assert.ok(expected.length > 5, 'the fixture has records over the limit');
    assert.deepEqual(
      fast.overLimit.records.map((r) => [r.line, r.tokens]),
      expected.map((r) => [r.line, r.tokens]),
    );
    assert.deepEqual(full.overLimit, fast.overLimit);
    assert.ok(fast.tokenized < full.tokenized, `the fast path tokenized ${fast.tokenized} records, the full path ${full.tokenized}`);
    assert.equal(fast.records, 400);
    assert.equal(fast.sampled, 100);
    assert.deepEqual(fast.whole, full.whole, 'the same seeded sample');
    const first = fast.overLimit.records[0];
    assert.ok(first.truncation);
    assert.equal(first.truncation.promptKept + first.truncation.responseKept, 256, 'LLaMA-Factory fills the budget exactly');
  });

  it("truncates a preference record as one (prompt, response) pair, as LLaMA-Factory's pairwise processor does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-dpo-'));
    const history = 'An earlier turn of the conversation with plenty of words in it. '.repeat(12);
    const record = {
      conversations: [
        { from: 'human', value: history },
        { from: 'gpt', value: history },
        { from: 'human', value: 'And now?' },
      ],
      chosen: { from: 'gpt', value: 'A short answer.' },
      rejected: { from: 'gpt', value: 'No.' },
    };
    writeFileSync(join(dir, 'dpo.jsonl'), `${JSON.stringify(record)}\n`);
    const info = {
      name: 'dpo',
      formatting: 'sharegpt' as const,
      ranking: true,
      columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected' },
      tags: {
        role_tag: 'from',
        content_tag: 'value',
        user_tag: 'human',
        assistant_tag: 'gpt',
        observation_tag: 'observation',
        function_tag: 'function_call',
        system_tag: 'system',
      },
    };
    const limit: TrainerLimit = { key: 'cutoff_len', limit: 128, configured: true, action: 'truncate-pairs', packing: false, lastTurnsFirst: false };
    const stats = await tokenStats([{ file: join(dir, 'dpo.jsonl'), info }], {
      counter: qwen.counter,
      chatTemplate: qwen.chatTemplate,
      specials: { eos: qwen.eosToken },
      limit,
      sampleSize: 10,
    });
    const t = stats.overLimit.records[0]?.truncation;
    assert.ok(t, JSON.stringify(stats.overLimit));
    // The whole history is the prompt; the short chosen answer is kept whole and the prompt cut to the rest.
    assert.equal(t.droppedPairs, 0);
    assert.equal(t.responseKept, t.responseTotal);
    assert.equal(t.promptKept + t.responseKept, 128);
    assert.ok(t.promptTotal > 200, String(t.promptTotal));
  });

  it('labels the estimate as an estimate', () => {
    assert.equal(ESTIMATE_COUNTER.exact, false);
    assert.equal(ESTIMATE_COUNTER.count('模型训练'), 3); // 4 CJK characters / 1.5, rounded up
    assert.equal(ESTIMATE_COUNTER.count('abcdefgh'), 2);
  });
});

describe('LLaMA-Factory truncation (infer_seqlen)', () => {
  it('keeps a short side whole and splits the budget in proportion otherwise', () => {
    assert.deepEqual(inferSeqlen(100, 50, 200), [100, 50]);
    assert.deepEqual(inferSeqlen(300, 50, 200), [150, 50]); // response under half the budget: the prompt is cut
    assert.deepEqual(inferSeqlen(50, 300, 200), [50, 150]); // prompt under half: the response is cut
    assert.deepEqual(inferSeqlen(300, 300, 200), [100, 100]); // both long: in proportion
    assert.deepEqual(inferSeqlen(100, 300, 200), [50, 150]);
  });

  it('drops the turns past the budget, or the first ones with mask_history', () => {
    assert.deepEqual(
      truncatePairs(
        [
          [100, 100],
          [100, 100],
          [50, 50],
        ],
        300,
        false,
      ),
      { promptKept: 150, promptTotal: 250, responseKept: 150, responseTotal: 250, droppedPairs: 1 },
    );
    assert.deepEqual(
      truncatePairs(
        [
          [100, 100],
          [100, 100],
          [50, 50],
        ],
        300,
        true,
      ),
      { promptKept: 150, promptTotal: 250, responseKept: 150, responseTotal: 250, droppedPairs: 1 },
    );
  });
});

describe('finding tokenizer.json without downloading', () => {
  it('reads a local model folder, then the Hugging Face cache, newest snapshot first', () => {
    const home = mkdtempSync(join(tmpdir(), 'tunelab-hf-'));
    const snapshot = join(home, 'hub', 'models--Qwen--Qwen3-0.6B', 'snapshots', 'abc123');
    mkdirSync(snapshot, { recursive: true });
    writeFileSync(join(snapshot, 'tokenizer.json'), '{}');
    assert.deepEqual(findTokenizer({ model: 'Qwen/Qwen3-0.6B', baseDirs: [home], env: { HF_HOME: home } }), { found: true, dir: snapshot, source: 'hf-cache' });
    const local = join(home, 'models', 'mine');
    mkdirSync(local, { recursive: true });
    writeFileSync(join(local, 'tokenizer.json'), '{}');
    assert.deepEqual(findTokenizer({ model: 'models/mine', baseDirs: [home], env: {} }), { found: true, dir: local, source: 'model-path' });
    assert.deepEqual(findTokenizer({ explicit: join(local, 'tokenizer.json'), model: 'Qwen/Qwen3-0.6B', baseDirs: [], env: {} }), {
      found: true,
      dir: local,
      source: 'setting',
    });
    const missing = findTokenizer({ model: 'Org/Absent', baseDirs: [home], env: { HF_HOME: home, HOME: home } });
    assert.equal(missing.found, false);
    assert.ok(!missing.found && missing.searched.some((p) => p.endsWith(join('models--Org--Absent', 'snapshots'))));
  });
});

describe('cancelling the token pass', () => {
  it('stops with an abort error when the signal is aborted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-abort-'));
    writeFileSync(join(dir, 'a.jsonl'), '{"instruction": "q", "output": "a"}\n'.repeat(50));
    const limit: TrainerLimit = { key: 'cutoff_len', limit: 2048, configured: true, action: 'truncate-pairs', packing: false, lastTurnsFirst: false };
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
      tokenStats([{ file: join(dir, 'a.jsonl') }], { counter: ESTIMATE_COUNTER, specials: {}, limit, sampleSize: 10, signal: abort.signal }),
      { name: 'AbortError' },
    );
  });
});
