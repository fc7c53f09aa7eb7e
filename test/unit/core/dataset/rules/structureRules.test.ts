import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

describe('invalid-record', () => {
  it('reports missing and mistyped fields for the detected format', async () => {
    const report = await analyze([
      { instruction: 'Name a colour.', input: '' },
      { instruction: 'Name a colour.', output: 42 },
      { conversations: 'hello' },
      { conversations: [{ from: 'human' }, { value: 'x' }] },
      ['not', 'an', 'object'],
      { id: 7, meta: 'no known fields' },
    ]);
    assert.deepEqual(recordsWith(report, 'invalid-record'), [1, 2, 3, 4, 5]);
    // Conversations and a record of an unknown shape in an alpaca file are in another format than the rest.
    assert.deepEqual(recordsWith(report, 'mixed-formats'), [3, 4, 6]);
    const messages = messagesOf(report, 'invalid-record');
    assert.ok(messages.includes('Missing field "output".'));
    assert.ok(messages.includes('Field "output" should be a string, not a number.'));
    assert.ok(messages.includes('Field "conversations" should be a list, not a string.'));
    assert.ok(messages.includes('A record should be a JSON object, not a list.'));
  });

  it('accepts well-formed records of every format', async () => {
    const report = await analyze([
      alpaca('Red is a primary colour of pigment.'),
      {
        conversations: [
          { from: 'human', value: 'Hi there' },
          { from: 'gpt', value: 'Hello! How can I help?' },
        ],
      },
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi there' },
          { role: 'assistant', content: 'Hello! How can I help?' },
        ],
      },
      { prompt: 'Which is better?', chosen: 'The first one is better.', rejected: 'The second one is better.' },
      { prompt: 'Rate this answer.', completion: 'It is a fine answer overall.', label: true },
      { text: 'A paragraph of pre-training text that is long enough.' },
    ]);
    assert.deepEqual(findingsOf(report, 'invalid-record'), []);
  });
});

describe('role-order', () => {
  it('enforces ShareGPT alternation, starting with the user, ending with the assistant', async () => {
    const report = await analyze([
      {
        conversations: [
          { from: 'gpt', value: 'Hello, I speak first.' },
          { from: 'human', value: 'Odd order here.' },
        ],
      },
      {
        conversations: [
          { from: 'human', value: 'One question?' },
          { from: 'human', value: 'Two questions?' },
        ],
      },
      {
        conversations: [
          { from: 'human', value: 'A question?' },
          { from: 'gpt', value: 'An answer.' },
          { from: 'human', value: 'Dangling question?' },
        ],
      },
      {
        conversations: [
          { from: 'human', value: 'Call the tool.' },
          { from: 'function_call', value: '{"name":"f"}' },
          { from: 'observation', value: '{"ok":true}' },
          { from: 'gpt', value: 'It worked fine.' },
        ],
      },
      {
        conversations: [
          { from: 'human', value: 'Hi there' },
          { from: 'bot', value: 'Unknown role.' },
        ],
      },
    ]);
    assert.deepEqual(recordsWith(report, 'role-order'), [1, 2, 3, 5]);
    const messages = messagesOf(report, 'role-order');
    assert.match(messages[0], /^Turn 1 is "gpt" where a user or observation turn belongs/);
    assert.match(messages[1], /^Turn 2 is "human" where an assistant or function-call turn belongs/);
    assert.match(messages[2], /ends with "human".*3 turns/);
    assert.equal(messages[3], 'Message 2 has the unknown role "bot".');
  });

  it('checks Chinese conversations the same way', async () => {
    const report = await analyze([
      {
        conversations: [
          { from: 'human', value: '你好' },
          { from: 'gpt', value: '你好！有什么可以帮你？' },
        ],
      },
      {
        conversations: [
          { from: 'gpt', value: '我先说话。' },
          { from: 'human', value: '顺序错了。' },
        ],
      },
    ]);
    assert.deepEqual(recordsWith(report, 'role-order'), [2]);
  });

  it('requires preference prompts to end with the user and answers to be assistant turns', async () => {
    const report = await analyze([
      {
        conversations: [{ from: 'human', value: 'Pick one.' }],
        chosen: { from: 'gpt', value: 'The first one.' },
        rejected: { from: 'gpt', value: 'The second one.' },
      },
      {
        conversations: [
          { from: 'human', value: 'Pick one.' },
          { from: 'gpt', value: 'Ok.' },
        ],
        chosen: { from: 'gpt', value: 'The first one.' },
        rejected: { from: 'gpt', value: 'The second one.' },
      },
      {
        conversations: [{ from: 'human', value: 'Pick one.' }],
        chosen: { from: 'human', value: 'The first one.' },
        rejected: { from: 'gpt', value: 'The second one.' },
      },
    ]);
    assert.deepEqual(recordsWith(report, 'role-order'), [2, 3]);
  });

  it('lets OpenAI data answer one tool call with several tool results', async () => {
    const report = await analyze([
      {
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'w', arguments: '{}' } }] },
          { role: 'tool', content: '{"paris": 20}' },
          { role: 'tool', content: '{"rome": 25}' },
          { role: 'assistant', content: 'Paris is 20°C and Rome is 25°C.' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'Hi there' },
          { role: 'assistant', content: 'Hello there!' },
          { role: 'system', content: 'Late system.' },
          { role: 'assistant', content: 'Another answer.' },
        ],
      },
    ]);
    assert.deepEqual(recordsWith(report, 'role-order'), [2]);
    assert.match(messagesOf(report, 'role-order')[0], /system message may only come first/);
  });
});

describe('empty-turn', () => {
  it('flags empty prompts, responses, turns and preference sides', async () => {
    const report = await analyze([
      alpaca('', 'Describe the sea.'),
      alpaca('A fine answer here.', '  ', ''),
      {
        conversations: [
          { from: 'human', value: '你好' },
          { from: 'gpt', value: '   ' },
        ],
      },
      {
        conversations: [{ from: 'human', value: 'Pick one.' }],
        chosen: { from: 'gpt', value: 'The first one is best.' },
        rejected: { from: 'gpt', value: '' },
      },
      alpaca('A fine answer here.', '', 'Only the input is given.'),
    ]);
    assert.deepEqual(recordsWith(report, 'empty-turn'), [1, 2, 3, 4]);
    assert.deepEqual(messagesOf(report, 'empty-turn'), [
      'The "output" is empty.',
      'The prompt (instruction and input) is empty.',
      'Turn 2 ("gpt") is empty.',
      'The rejected response is empty.',
    ]);
  });
});

describe('mixed-formats', () => {
  it('flags records whose format differs from the majority', async () => {
    const report = await analyze([
      alpaca('First answer here.'),
      alpaca('Second answer here.'),
      {
        conversations: [
          { from: 'human', value: 'Hi there' },
          { from: 'gpt', value: 'Hello there!' },
        ],
      },
    ]);
    assert.deepEqual(recordsWith(report, 'mixed-formats'), [3]);
    assert.equal(messagesOf(report, 'mixed-formats')[0], 'This record is sharegpt, but the dataset is alpaca (like most of its records).');
  });
});
