import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

describe('too-short and too-long', () => {
  it('flags responses under 10 and over 2000 characters, counting code points', async () => {
    const report = await analyze([
      alpaca('Yes.'),
      alpaca('好的，没问题。'), // 7 characters
      alpaca('A reasonable answer of fine length.'),
      alpaca('这是一个长度合适的中文回答，内容完整。'),
      alpaca('x'.repeat(2001)),
      alpaca('😀'.repeat(2000)), // 2000 code points, 4000 UTF-16 units: not too long
    ]);
    assert.deepEqual(recordsWith(report, 'too-short'), [1, 2]);
    assert.deepEqual(recordsWith(report, 'too-long'), [5]);
    assert.deepEqual(messagesOf(report, 'too-short'), ['Response is 4 characters long, under the minimum of 10.', 'Response is 7 characters long, under the minimum of 10.']);
    assert.deepEqual(findingsOf(report, 'too-long')[0].data.measured, 2001);
  });

  it('checks every assistant turn and both preference sides, not prompts', async () => {
    const report = await analyze([
      { conversations: [{ from: 'human', value: 'Hi' }, { from: 'gpt', value: 'Hello! How can I help you today?' }, { from: 'human', value: 'Thanks' }, { from: 'gpt', value: 'Sure.' }] },
      { conversations: [{ from: 'human', value: 'Which is better?' }], chosen: { from: 'gpt', value: 'The first one, because it is faster.' }, rejected: { from: 'gpt', value: 'No.' } },
    ]);
    const short = findingsOf(report, 'too-short');
    assert.deepEqual(short.map((f) => [f.record, f.data.field]), [
      [1, 'conversations.3.value'],
      [2, 'rejected.value'],
    ]);
  });

  it('follows the configured limits and leaves empty responses to empty-turn', async () => {
    const report = await analyze([alpaca('Short but fine.'), alpaca('')], { overrides: { minResponseChars: 20, maxResponseChars: 100 } });
    assert.deepEqual(recordsWith(report, 'too-short'), [1]);
    assert.deepEqual(recordsWith(report, 'empty-turn'), [2]);
  });

  it('underlines the response value itself', async () => {
    const report = await analyze('{"instruction": "Say hi", "input": "", "output": "Hi."}\n');
    const [finding] = findingsOf(report, 'too-short');
    assert.deepEqual(finding.range, { start: { line: 0, column: 49 }, end: { line: 0, column: 54 } });
  });
});
