import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

const base = 'Photosynthesis is how plants turn light, water and carbon dioxide into sugar and oxygen, using chlorophyll in their leaves.';

describe('exact-duplicate', () => {
  it('links every later copy to the first, ignoring white space and metadata', async () => {
    const report = await analyze([
      { id: 1, ...alpaca(base, 'What is photosynthesis?') },
      alpaca('Something else entirely, about the sea.', 'Describe the sea.'),
      { id: 2, ...alpaca(base.replace(/ /g, '  '), 'What is  photosynthesis?') },
      { id: 3, ...alpaca(base, 'What is photosynthesis?') },
    ]);
    assert.deepEqual(recordsWith(report, 'exact-duplicate'), [3, 4]);
    const [third] = findingsOf(report, 'exact-duplicate');
    assert.equal(third.data.twin, 1);
    assert.equal(third.related?.[0].record, 1);
    assert.deepEqual(third.related?.[0].range.start, { line: 0, column: 0 });
    assert.deepEqual(findingsOf(report, 'near-duplicate'), [], 'exact copies are not also near copies');
  });

  it('does not treat different roles or preference sides as duplicates', async () => {
    const report = await analyze([
      { prompt: 'Q?', chosen: 'Answer A is right here.', rejected: 'Answer B is right here.' },
      { prompt: 'Q?', chosen: 'Answer B is right here.', rejected: 'Answer A is right here.' },
    ]);
    assert.deepEqual(findingsOf(report, 'exact-duplicate'), []);
  });
});

describe('near-duplicate', () => {
  it('links records at least 0.85 similar to the earlier twin, in English and Chinese', async () => {
    const chinese = '光合作用是植物利用阳光把二氧化碳和水转化为葡萄糖并释放氧气的过程，叶绿素在其中吸收光能。';
    const report = await analyze([
      alpaca(base, 'What is photosynthesis?'),
      alpaca('The ocean covers most of the planet and holds nearly all of its water, shaping weather everywhere.', 'Describe the ocean.'),
      alpaca(base.replace('sugar', 'glucose'), 'What is photosynthesis?'),
      alpaca(chinese, '什么是光合作用？'),
      alpaca(chinese.replace('葡萄糖', '糖类'), '什么是光合作用？'),
      alpaca('Volcanoes form where magma rises through the crust, often at the edges of tectonic plates.', 'Explain volcanoes.'),
    ]);
    assert.deepEqual(recordsWith(report, 'near-duplicate'), [3, 5]);
    const [english, zh] = findingsOf(report, 'near-duplicate');
    assert.equal(english.data.twin, 1);
    assert.equal(zh.data.twin, 4);
    assert.ok((english.data.similarity ?? 0) >= 0.85 && (english.data.similarity ?? 0) < 1);
    assert.match(messagesOf(report, 'near-duplicate')[0], /^Near duplicate of record 1: \d+(\.\d)?% similar \(threshold 85%\)\.$/);
  });

  it('leaves records that only share a topic', async () => {
    const report = await analyze([
      alpaca('Photosynthesis happens in chloroplasts, where light energy splits water.', 'What is photosynthesis?'),
      alpaca('Respiration releases the energy stored in glucose, using oxygen in mitochondria.', 'What is respiration?'),
    ]);
    assert.deepEqual(findingsOf(report, 'near-duplicate'), []);
  });

  it('keeps a templated question about something else with a different answer, and reports reworded copies', async () => {
    const system = {
      role: 'system',
      content:
        'You are a trading assistant. Use the get_price tool to look up stock prices. Answer with the tool call only, never guess a price, and always pass the ticker symbol.',
    };
    const ask = (company: string, ticker: string, question = `What was the opening price of ${company}'s stock today?`) => ({
      messages: [
        system,
        { role: 'user', content: question },
        {
          role: 'assistant',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_price', arguments: JSON.stringify({ symbol: ticker, field: 'open' }) } }],
        },
      ],
    });
    const report = await analyze([
      ask('IBM', 'IBM'),
      ask('Chevron', 'CVX'), // another question, another answer: two examples
      ask('IBM', 'IBM', "What was the opening price of IBM's shares today?"), // reworded question, same answer
      ask('IBM', 'IBMX'), // the same question, the answer changed (only the answer differs)
    ]);
    assert.deepEqual(recordsWith(report, 'near-duplicate'), [3, 4]);
    // Reworded in both question and answer, naming nothing new: still a near copy.
    const reworded = await analyze([
      alpaca(
        'The learning rate scales each update step: too large and the loss oscillates or diverges, too small and training crawls.',
        'Explain what a learning rate does in gradient descent.',
      ),
      alpaca(
        'The learning rate scales every update step: too large and the loss oscillates or diverges, too small and training crawls.',
        'Explain what the learning rate does in gradient descent.',
      ),
    ]);
    assert.deepEqual(recordsWith(reworded, 'near-duplicate'), [2]);
    assert.ok(findingsOf(report, 'near-duplicate').every((f) => f.data.twin === 1));
  });

  it('follows the configured threshold', async () => {
    const report = await analyze(
      [alpaca(base, 'What is photosynthesis?'), alpaca(`${base} It mostly happens in leaves, during the day.`, 'What is photosynthesis?')],
      { overrides: { nearDuplicateThreshold: 0.99 } },
    );
    assert.deepEqual(findingsOf(report, 'near-duplicate'), []);
  });
});

describe('template-tone', () => {
  it('reports an opening phrase shared by an outsized share of responses, with examples', async () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      alpaca(
        i % 3 === 0
          ? `As an AI language model, I think topic ${i} deserves a careful answer with ${i} examples.`
          : `Topic ${i} is answered here with its own distinct wording number ${i * 7}.`,
        `Question ${i}?`,
      ),
    );
    const report = await analyze(records);
    const tone = findingsOf(report, 'template-tone');
    assert.equal(tone.length, 1);
    assert.equal(tone[0].record, 0);
    assert.equal(tone[0].severity, 'info');
    assert.equal(messagesOf(report, 'template-tone')[0], '10 responses (33.3%) open with "as an ai language model": a templated tone the model will learn.');
    assert.deepEqual(
      tone[0].related?.map((r) => r.record),
      [1, 4, 7, 10, 13],
    );
    assert.equal(report.summary.tone[0].phrase, 'as an ai language model');
  });

  it('finds Chinese openings and closings, and stays quiet on varied data', async () => {
    const zh = Array.from({ length: 20 }, (_, i) => alpaca(`这是个好问题！关于第${i}个主题，我的看法是需要具体分析，希望对你有帮助。`, `问题${i}？`));
    const zhReport = await analyze(zh);
    const phrases = zhReport.summary.tone.map((t) => `${t.position}:${t.phrase}`);
    assert.ok(phrases.includes('opening:这是个好问题'), phrases.join());
    assert.ok(phrases.includes('closing:希望对你有帮助'), phrases.join());
    const varied = Array.from({ length: 20 }, (_, i) => alpaca(`Answer number ${i} starts differently, word${i} first, then continues.`, `Q${i}?`));
    assert.deepEqual(findingsOf(await analyze(varied), 'template-tone'), []);
  });
});
