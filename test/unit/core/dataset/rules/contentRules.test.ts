import * as assert from 'node:assert/strict';
import { alpaca, analyze, findingsOf, messagesOf, recordsWith } from '../analyzeHelper';

describe('low-unique-ratio', () => {
  it('catches loops and pasted blocks in English and Chinese', async () => {
    const paragraph =
      'Photosynthesis converts light energy into chemical energy. Plants capture sunlight with chlorophyll, split water molecules, release oxygen and store the energy in glucose, which the plant later burns for growth. ';
    const report = await analyze([
      alpaca('The model is good. '.repeat(12)),
      alpaca('好的，我明白了。'.repeat(10)),
      alpaca('我不知道。'.repeat(15)),
      alpaca('这个问题的答案是这样的：首先我们需要理解问题，然后我们需要理解问题，然后我们需要理解问题，然后我们需要理解问题，最后得出结论。'),
      alpaca(`${paragraph}\n\n${paragraph}`),
      alpaca(
        'Sure! Here is the answer you asked for: the cat sat on the mat and then it sat on the mat and then it sat on the mat and then it sat on the mat and then it sat on the mat.',
      ),
    ]);
    assert.deepEqual(recordsWith(report, 'low-unique-ratio'), [1, 2, 3, 4, 5, 6]);
    assert.match(
      messagesOf(report, 'low-unique-ratio')[0],
      /^Only \d+% of this text is new: \d+ of its 48 words loop or repeat an earlier passage \(the minimum is 70% new\)\.$/,
    );
  });

  it('leaves prose, arithmetic, enumerations, JSON, code, song refrains and short answers alone', async () => {
    const prose =
      'Photosynthesis converts light energy into chemical energy. Plants capture sunlight with chlorophyll, split water molecules, release oxygen, and store energy in glucose. ' +
      'The light-dependent reactions happen in thylakoid membranes, while the Calvin cycle fixes carbon dioxide in the stroma. Temperature, light intensity and carbon dioxide concentration all limit the overall rate.';
    const chinese =
      '光合作用是植物利用阳光把二氧化碳和水转化为葡萄糖并释放氧气的过程。叶绿素吸收光能，类囊体膜上发生光反应，基质中进行卡尔文循环固定碳。温度、光照强度和二氧化碳浓度共同限制反应速率。';
    const arithmetic =
      'Natalia sold 48/2 = <<48/2=24>>24 clips in May. Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May. She earns 12/60 = $<<12/60=0.2>>0.2 per minute, so for 50 minutes she earns 0.2 x 50 = $<<0.2*50=10>>10. #### 72';
    const enumeration = Array.from(
      { length: 8 },
      (_, i) => `${i + 1}. Day ${i + 1}: review chapter ${i + 1} and write a short summary of chapter ${i + 1}.`,
    ).join('\n');
    const schedule = JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ time: `${8 + i}:00`, activity: `session ${i}`, room: `R${100 + i}` })));
    const code = 'Here is the table:\n```html\n<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n<tr><td>3</td></tr>\n<tr><td>4</td></tr>\n<tr><td>5</td></tr>\n```';
    const chorus = 'Sing it loud, sing it proud, we are standing in the crowd tonight, hand in hand until the morning light, nothing ever felt so right, oh';
    const song = `Verse 1:\nWalking down an empty road, carrying a heavy load\n\nChorus:\n${chorus}\n\nVerse 2:\nRain is falling on the town, but we will never back down\n\nChorus:\n${chorus}\n\nChorus:\n${chorus}`;
    const report = await analyze([
      alpaca(prose),
      alpaca(chinese),
      alpaca(arithmetic),
      alpaca(enumeration),
      alpaca(schedule),
      alpaca(code),
      alpaca(song),
      alpaca('yes yes yes yes'),
    ]);
    assert.deepEqual(findingsOf(report, 'low-unique-ratio'), []);
  });

  it('follows the configured threshold and loop length', async () => {
    const text = 'alpha beta gamma delta alpha beta gamma delta alpha beta gamma delta alpha beta gamma delta alpha beta gamma delta';
    assert.deepEqual(recordsWith(await analyze([alpaca(text)]), 'low-unique-ratio'), [1]);
    assert.deepEqual(
      recordsWith(await analyze([alpaca(text)], { overrides: { uniqueRatio: { threshold: 0.1, minRepeatWords: 6, minWords: 20 } } }), 'low-unique-ratio'),
      [],
    );
    assert.deepEqual(
      recordsWith(await analyze([alpaca(text)], { overrides: { uniqueRatio: { threshold: 0.7, minRepeatWords: 30, minWords: 20 } } }), 'low-unique-ratio'),
      [],
    );
  });
});

describe('sensitive-term', () => {
  it('finds bundled English and Chinese terms with their category, on whole words', async () => {
    const report = await analyze([
      alpaca('How do criminals approach money laundering schemes in practice?'),
      alpaca('这篇文章讨论了毒品对社会的危害，以及如何预防。'),
      alpaca('Use the skill of killing processes: kill -9 terminates it.'),
      alpaca('She practised karate techniques every morning at dawn.'),
    ]);
    assert.deepEqual(recordsWith(report, 'sensitive-term'), [1, 2]);
    assert.deepEqual(messagesOf(report, 'sensitive-term'), [
      'Sensitive term "money laundering" (illegal): review before training.',
      'Sensitive term "毒品" (illegal): review before training.',
    ]);
    const [first] = findingsOf(report, 'sensitive-term');
    assert.equal(first.data.field, 'output');
  });

  it('uses user lexicons with their own categories', async () => {
    const report = await analyze([alpaca('This answer mentions the codename bluebird twice: bluebird.')], {
      terms: [{ term: 'bluebird', category: 'internal', source: 'mine.txt' }],
    });
    assert.equal(findingsOf(report, 'sensitive-term').length, 2);
    assert.equal(messagesOf(report, 'sensitive-term')[0], 'Sensitive term "bluebird" (internal): review before training.');
  });
});

describe('pii', () => {
  it('finds e-mail, phone, resident ID and card numbers, masked', async () => {
    const report = await analyze([
      alpaca('Write to zhang.wei@qq-mail.cn for details.'),
      alpaca('请拨打 138 1234 5678 联系我们。'),
      alpaca('Call +44 20 8123 0958 after nine.'),
      alpaca('身份证号码：11010519491231002X，请核对。'),
      alpaca('Card 4539 1488 0343 6467 expires soon.'),
    ]);
    assert.deepEqual(recordsWith(report, 'pii'), [1, 2, 3, 4, 5]);
    const messages = messagesOf(report, 'pii');
    assert.ok(messages[0].startsWith('E-mail address zha') && !messages[0].includes('zhang.wei@qq-mail.cn'));
    assert.ok(messages[3].startsWith('Chinese resident ID number'));
    assert.ok(messages[4].startsWith('Bank card number'));
  });

  it('ignores look-alikes: bad checksums, decimals, plain numbers', async () => {
    const report = await analyze([
      alpaca('ID 110105194912310021 has a wrong check digit.'),
      alpaca('Card 4111 1111 1111 1112 fails the Luhn check.'),
      alpaca('The ratio is 275.43397884615385 exactly.'),
      alpaca('Order number 20231015 shipped in 2023.'),
      alpaca('Version 12345678901 is a build id, not a phone.'),
    ]);
    assert.deepEqual(findingsOf(report, 'pii'), []);
  });

  it('leaves documented placeholders alone: example domains, tutorial addresses, fictional numbers', async () => {
    const report = await analyze([
      alpaca('Send it to zhang.wei@example.com, ops@mail.example.org or admin@server.test.'),
      alpaca('Use the format user@domain.com or your.email@yourdomain.com in the form.'),
      alpaca('Call (555) 555-0123 or +1 212 555 0199 for the demo.'),
      alpaca('The hotline in the film is +44 20 7946 0958, the mobile +44 7700 900123.'),
      alpaca('Test with card 4242 4242 4242 4242 and clone git@github.com:org/repo.git; a@b.co is a toy.'),
      alpaca('Regex for John.Doe-123%+@example-domain.com style addresses.'),
      alpaca('84834150134 - 6778576 = 84827371558, and 256626720691 + 1646615806005 = 4212883012996.'),
      alpaca('Add them in columns:\n472547338\n+960397912423686\n-------\n960398384971024'),
      alpaca('But write to li.na@163.com or call +1 212 555 0230, which are real.'),
    ]);
    assert.deepEqual(recordsWith(report, 'pii'), [9]);
    assert.equal(findingsOf(report, 'pii').length, 2);
  });

  it('checks only the configured kinds', async () => {
    const report = await analyze([alpaca('Write to zhang.wei@qq-mail.cn for details.')], { overrides: { piiKinds: ['phone'] } });
    assert.deepEqual(findingsOf(report, 'pii'), []);
  });
});

describe('low-annotator-score', () => {
  it('flags records whose mean score is under 4.0, in any of the usual shapes', async () => {
    const report = await analyze([
      { ...alpaca('A fine answer here.'), ratings: [3, 4, 4] },
      { ...alpaca('A fine answer here.'), scores: { a1: 5, a2: 4, a3: 4 } },
      { ...alpaca('A fine answer here.'), score: '2.5' },
      { ...alpaca('A fine answer here.'), rating: 4 },
      alpaca('No ratings at all here.'),
    ]);
    assert.deepEqual(recordsWith(report, 'low-annotator-score'), [1, 3]);
    assert.equal(messagesOf(report, 'low-annotator-score')[0], 'Mean annotator score 3.67 (of 3 ratings) is under 4.');
  });

  it('reads the configured field names and threshold', async () => {
    const report = await analyze([{ ...alpaca('A fine answer here.'), quality: [4, 4] }], { overrides: { ratingFields: ['quality'], minMeanRating: 4.5 } });
    assert.deepEqual(recordsWith(report, 'low-annotator-score'), [1]);
  });
});

describe('template-placeholder', () => {
  it('flags unfilled {{identifier}} placeholders with their exact position', async () => {
    const report = await analyze('{"instruction": "Who are you?", "input": "", "output": "I am {{name}}, made by {{ author }}."}\n');
    const found = findingsOf(report, 'template-placeholder');
    assert.deepEqual(
      found.map((f) => f.args[0]),
      ['{{name}}', '{{author}}'],
    );
    assert.deepEqual(found[0].range, { start: { line: 0, column: 61 }, end: { line: 0, column: 69 } });
  });

  it('finds placeholders in Chinese text', async () => {
    const report = await analyze([alpaca('你好！我是 {{name}}，由 {{author}} 开发的人工智能助手。', '你是谁？')]);
    assert.deepEqual(
      findingsOf(report, 'template-placeholder').map((f) => f.args[0]),
      ['{{name}}', '{{author}}'],
    );
  });

  it('leaves code expressions, object literals and code blocks alone', async () => {
    const report = await analyze([
      alpaca('Use ${{ github.repository }} in the workflow file.'),
      alpaca('In JSX write style={{ fontWeight: "bold" }} on the element.'),
      alpaca('A Jinja template:\n```\nHello {{ name }}!\n```\nand `{{name}}` inline.'),
      alpaca('The word is given in braces ({{...}}) or {{ . }}.'),
      alpaca('Triple braces {{{raw}}} are Handlebars.'),
    ]);
    assert.deepEqual(findingsOf(report, 'template-placeholder'), []);
  });
});

describe('pair-too-similar', () => {
  it('flags preference pairs whose answers are (nearly) identical', async () => {
    const answer = 'Paris is the capital of France and its largest city.';
    const report = await analyze([
      { prompt: 'Capital of France?', chosen: answer, rejected: answer },
      { prompt: 'Capital of France?', chosen: answer, rejected: answer.replace('largest', 'biggest') },
      { prompt: 'Capital of France?', chosen: answer, rejected: 'Lyon, I believe, but I am not sure about it.' },
      {
        conversations: [{ from: 'human', value: '法国的首都是哪里？' }],
        chosen: { from: 'gpt', value: '法国的首都是巴黎。' },
        rejected: { from: 'gpt', value: '法国的首都是巴黎。' },
      },
    ]);
    assert.deepEqual(recordsWith(report, 'pair-too-similar'), [1, 4]);
    assert.match(messagesOf(report, 'pair-too-similar')[0], /^Chosen and rejected are 100% identical/);
  });

  it('uses the configured threshold', async () => {
    const answer = 'Paris is the capital of France and its largest city.';
    const report = await analyze([{ prompt: 'Capital?', chosen: answer, rejected: answer.replace('largest', 'biggest') }], {
      overrides: { pairSimilarityThreshold: 0.8 },
    });
    assert.deepEqual(recordsWith(report, 'pair-too-similar'), [1]);
  });
});
