import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

describe('too-short and too-long', () => {
  it('flags responses under 10 characters, and over 2000 in Chinese or 6000 in other scripts, counting code points', async () => {
    const report = await analyze([
      alpaca('Yes.'),
      alpaca('好的，没问题。'), // 7 characters
      alpaca('A reasonable answer of fine length.'),
      alpaca('这是一个长度合适的中文回答，内容完整。'),
      alpaca('长'.repeat(2001)),
      alpaca('😀'.repeat(2000)), // 2000 code points, 4000 UTF-16 units: not too long
      alpaca('word '.repeat(1000)), // 5000 characters of English: not too long
      alpaca('word '.repeat(1201)), // 6004 characters (6005 with the final space trimmed away)
      alpaca(`${'中'.repeat(1000)}${'e'.repeat(1000)}`), // half CJK: the limit is 4000
      alpaca(`${'中'.repeat(1500)}${'e'.repeat(3000)}`), // a third CJK: the limit is 4667
    ]);
    assert.deepEqual(recordsWith(report, 'too-short'), [1, 2]);
    assert.deepEqual(recordsWith(report, 'too-long'), [5, 8]);
    assert.deepEqual(messagesOf(report, 'too-short'), [
      'Response is 4 characters long, under the minimum of 10.',
      'Response is 7 characters long, under the minimum of 10.',
    ]);
    assert.deepEqual(messagesOf(report, 'too-long'), [
      'Response is 2001 characters long, over the maximum of 2000 for Chinese, Japanese or Korean text.',
      'Response is 6004 characters long, over the maximum of 6000 (3× the 2000 for Chinese, as this text is in another script).',
    ]);
    assert.deepEqual(findingsOf(report, 'too-long')[0].data.measured, 2001);
    const mixed = await analyze([alpaca(`${'中'.repeat(1500)}${'e'.repeat(3300)}`)]);
    assert.deepEqual(messagesOf(mixed, 'too-long'), [
      'Response is 4800 characters long, over the maximum of 4750 for this text (31% of it Chinese, Japanese or Korean).',
    ]);
  });

  it('is an info by default: a short answer is often the right one', async () => {
    const report = await analyze([alpaca('Yes.')]);
    assert.equal(findingsOf(report, 'too-short')[0].severity, 'info');
    assert.equal(findingsOf(await analyze([alpaca('长'.repeat(2001))]), 'too-long')[0].severity, 'warning');
  });

  it('checks every assistant turn and the chosen side, not prompts nor rejected answers', async () => {
    const report = await analyze([
      {
        conversations: [
          { from: 'human', value: 'Hi' },
          { from: 'gpt', value: 'Hello! How can I help you today?' },
          { from: 'human', value: 'Thanks' },
          { from: 'gpt', value: 'Sure.' },
        ],
      },
      { conversations: [{ from: 'human', value: 'Which is better?' }], chosen: { from: 'gpt', value: 'First.' }, rejected: { from: 'gpt', value: 'No.' } },
      {
        conversations: [
          { from: 'human', value: 'Rate it.' },
          { from: 'gpt', value: 'Bad.' },
        ],
        kto_tag: false,
      },
    ]);
    const short = findingsOf(report, 'too-short');
    assert.deepEqual(
      short.map((f) => [f.record, f.data.field]),
      [
        [1, 'conversations.3.value'],
        [2, 'chosen.value'],
      ],
    );
  });

  it('follows the configured limits and leaves empty responses to empty-turn', async () => {
    const report = await analyze([alpaca('Short but fine.'), alpaca(''), alpaca('y'.repeat(150))], {
      overrides: { minResponseChars: 20, maxResponseChars: 100, otherScriptLengthFactor: 1 },
    });
    assert.deepEqual(recordsWith(report, 'too-short'), [1]);
    assert.deepEqual(recordsWith(report, 'empty-turn'), [2]);
    assert.deepEqual(recordsWith(report, 'too-long'), [3]);
  });

  it('underlines the response value itself', async () => {
    const report = await analyze('{"instruction": "Say hi", "input": "", "output": "Hi."}\n');
    const [finding] = findingsOf(report, 'too-short');
    assert.deepEqual(finding.range, { start: { line: 0, column: 49 }, end: { line: 0, column: 54 } });
  });
});
