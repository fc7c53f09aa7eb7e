import * as assert from 'node:assert/strict';
import { analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

/** Record shapes found in public datasets, written here in the same shape (not copied). */
describe('real-world record shapes', () => {
  const user = (content: string) => ({ role: 'user', content });
  const assistant = (content: string) => ({ role: 'assistant', content });

  it('reads TRL preference data whose prompt is inside chosen and rejected (implicit prompt)', async () => {
    const report = await analyze([
      {
        chosen: [user('What is the boiling point of water?'), assistant('It boils at 100 °C at sea level.')],
        rejected: [user('What is the boiling point of water?'), assistant('Water never boils.')],
      },
      {
        chosen: [user('Hi'), assistant('Hello, how can I help?'), user('Name a prime number.'), assistant('Seven is a prime number.')],
        rejected: [user('Hi'), assistant('Hello, how can I help?'), user('Name a prime number.'), assistant('Eight is prime.')],
      },
    ]);
    assert.equal(report.summary.format, 'trl preference');
    for (const code of ['role-order', 'invalid-record', 'empty-turn'] as const) assert.deepEqual(findingsOf(report, code), [], code);
    assert.deepEqual(report.summary.mix.classes.preference, 2);
  });

  it('reads the UltraFeedback shape: a prompt string, full conversations, and a messages copy, each text once', async () => {
    const long = 'This answer is long. '.repeat(400).trim(); // 8,399 characters of English
    const record = {
      prompt: 'Write at length.',
      chosen: [user('Write at length.'), assistant(long)],
      rejected: [user('Write at length.'), assistant('No.')],
      messages: [user('Write at length.'), assistant(long)],
      score_chosen: 8,
      score_rejected: 2,
    };
    const report = await analyze([record]);
    assert.equal(report.summary.format, 'trl preference');
    assert.deepEqual(findingsOf(report, 'role-order'), []);
    assert.equal(findingsOf(report, 'too-long').length, 1, 'the chosen answer is counted once, not again from messages');
    assert.deepEqual(findingsOf(report, 'too-long')[0].data.field, 'chosen.1.content');
  });

  it('reads OpenAI preference data (input.messages, preferred_output, non_preferred_output)', async () => {
    const report = await analyze([
      {
        input: { messages: [{ role: 'system', content: 'You are helpful.' }, user('Summarise the plot.')] },
        preferred_output: [assistant('Ok.')],
        non_preferred_output: [assistant('No.')],
      },
    ]);
    assert.equal(report.summary.format, 'openai preference');
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
    assert.deepEqual(
      findingsOf(report, 'too-short').map((f) => f.data.field),
      ['preferred_output.0.content'],
      'the rejected side is bad on purpose',
    );
  });

  it('accepts OpenAI assistant messages that call tools without a content key', async () => {
    const report = await analyze([
      {
        messages: [
          user('What does AAPL trade at?'),
          { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_price', arguments: '{"symbol": "AAPL"}' } }] },
        ],
        tools: [{ type: 'function', function: { name: 'get_price', parameters: { type: 'object' } } }],
      },
    ]);
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
    assert.deepEqual(findingsOf(report, 'role-order'), []);
    assert.equal(report.summary.mix.classes['tool-call'], 1);
  });

  it('recognises self-instruct seed tasks and checks their instances', async () => {
    const report = await analyze([
      {
        id: 'seed_task_1',
        motivation_app: 'Mail',
        instruction: 'Write a polite reply.',
        instances: [{ input: 'Thanks for the invite!', output: 'Thank you, I would be glad to come. Reach me at li.na@163.com.' }],
      },
      { id: 'seed_task_2', motivation_app: 'Notes', instruction: 'Answer yes or no.', instances: [{ input: '', output: 'Yes.' }] },
    ]);
    assert.equal(report.summary.format, 'self-instruct');
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
    assert.deepEqual(recordsWith(report, 'pii'), [1]);
    assert.deepEqual(findingsOf(report, 'pii')[0].data.field, 'instances.0.output');
    assert.deepEqual(recordsWith(report, 'too-short'), [2]);
  });

  it("recognises Firefly's conversation pairs", async () => {
    const report = await analyze([
      {
        conversation_id: 1,
        category: 'Brainstorming',
        conversation: [
          { human: '给我三个周末活动的建议。', assistant: '可以去爬山、逛博物馆，或者在家做一顿大餐。' },
          { human: '第二个具体说说。', assistant: '好的' },
        ],
      },
    ]);
    assert.equal(report.summary.format, 'firefly');
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
    assert.deepEqual(
      findingsOf(report, 'too-short').map((f) => f.data.field),
      ['conversation.1.assistant'],
    );
    assert.equal(report.summary.mix.classes['multi-turn'], 1);
  });

  it('gives a file of an unknown shape one finding, and still checks the text in it', async () => {
    const report = await analyze([
      { question: 'Who wrote the report?', std_answer: 'The report was written by Zhang Wei, reachable at zhang.wei@qq-mail.cn.', id: 1 },
      { question: 'When?', std_answer: 'In {{y}}.', id: 2 },
      { question: '请问客服电话？', std_answer: '请拨打 138 1234 5678。', id: 3 },
    ]);
    assert.equal(report.summary.format, 'unrecognised');
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
    const unknown = findingsOf(report, 'unknown-format');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].record, 0);
    assert.match(messagesOf(report, 'unknown-format')[0], /^3 of 3 records fit no dataset format \(fields: question, std_answer, id\)/);
    assert.deepEqual(recordsWith(report, 'pii'), [1, 3]);
    assert.deepEqual(recordsWith(report, 'template-placeholder'), [2]);
    assert.deepEqual(
      findingsOf(report, 'too-short').map((f) => f.data.field),
      ['std_answer'],
    );
  });
});
