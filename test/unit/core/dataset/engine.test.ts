import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { findDatasetInfoEntry } from '../../../../src/core/dataset/formats/datasetInfo';
import { normalizeRecord } from '../../../../src/core/dataset/formats/normalizeRecord';
import { alpaca, analyze, findingsOf, recordsWith } from './analyzeHelper';

describe('format detection and normalisation', () => {
  it('uses the dataset_info.json column and tag mapping', () => {
    const info = findDatasetInfoEntry(
      {
        kto: {
          file_name: 'kto.json',
          formatting: 'sharegpt',
          columns: { messages: 'messages', kto_tag: 'label' },
          tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
        },
      },
      'kto.json',
    );
    assert.ok(info);
    const { record, problems } = normalizeRecord(
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
        ],
        label: false,
      },
      info,
    );
    assert.deepEqual(problems, []);
    assert.equal(record?.layout, 'sharegpt');
    assert.equal(record?.kind, 'kto');
    assert.equal(record?.label, false);
    assert.deepEqual(
      record?.turns.map((t) => t.role),
      ['user', 'assistant'],
    );
  });

  it('maps custom alpaca columns and pre-training text columns', () => {
    const custom = findDatasetInfoEntry({ d: { file_name: 'd.json', columns: { prompt: 'question', response: 'answer', system: 'sys' } } }, 'd.json');
    const { record } = normalizeRecord({ question: 'Why?', answer: 'Because.', sys: 'Be kind.' }, custom);
    assert.deepEqual(
      record?.turns.map((t) => [t.role, t.text]),
      [
        ['user', 'Why?'],
        ['assistant', 'Because.'],
      ],
    );
    assert.equal(record?.system?.text, 'Be kind.');
    const c4 = findDatasetInfoEntry({ c4: { file_name: 'c4.jsonl', columns: { prompt: 'text' } } }, 'c4.jsonl');
    assert.equal(normalizeRecord({ text: 'Some web text.' }, c4).record?.kind, 'pretrain');
  });

  it('normalises alpaca history, system and the OpenAI and v1 message shapes', () => {
    const withHistory = normalizeRecord({
      instruction: 'And then?',
      input: '',
      output: 'Then it ends.',
      history: [['First?', 'First answer.']],
      system: 'Be brief.',
    }).record;
    assert.deepEqual(
      withHistory?.turns.map((t) => t.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    const parts = normalizeRecord({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
        { role: 'assistant', content: 'A cat.' },
      ],
    }).record;
    assert.equal(parts?.layout, 'openai');
    assert.equal(parts?.turns[0].text, 'Look');
    const v1 = normalizeRecord({
      chosen_messages: [
        { role: 'user', content: [{ type: 'text', value: 'Q' }] },
        { role: 'assistant', content: [{ type: 'text', value: 'Good' }] },
      ],
      rejected_messages: [
        { role: 'user', content: [{ type: 'text', value: 'Q' }] },
        { role: 'assistant', content: [{ type: 'text', value: 'Bad' }] },
      ],
    }).record;
    assert.equal(v1?.kind, 'preference');
    assert.equal(v1?.chosen?.[0].text, 'Good');
    assert.equal(v1?.rejected?.[0].text, 'Bad');
  });
});

describe('dataset summary and mix report', () => {
  it('counts records, flagged share, findings per code and structure classes', async () => {
    const report = await analyze(
      [
        { ...alpaca('A perfectly normal answer.'), category: 'general' },
        { ...alpaca('Ok.'), category: 'general' },
        { ...alpaca('Another normal answer here.', 'A medical question?'), category: 'medical' },
        { ...alpaca('And a final answer here.', 'Q?', ''), history: [['Earlier?', 'Earlier answer.']], category: 'general' },
      ],
      { overrides: { mixTargets: { 'multi-turn': 0.3, medical: 0.5 } } },
    );
    const s = report.summary;
    assert.equal(s.records, 4);
    assert.equal(s.format, 'alpaca');
    assert.equal(s.flaggedRecords, 1);
    assert.equal(s.flaggedShare, 0.25);
    assert.deepEqual(s.recordsByCode, { 'too-short': 1 });
    assert.deepEqual(s.mix.classes, { 'single-turn': 3, 'multi-turn': 1, 'tool-call': 0, preference: 0, pretrain: 0 });
    assert.deepEqual(s.mix.categories, { general: 3, medical: 1 });
    assert.deepEqual(
      s.mix.targets.map((t) => [t.name, t.actual, Number(t.delta.toFixed(2))]),
      [
        ['multi-turn', 0.25, -0.05],
        ['medical', 0.25, -0.25],
      ],
    );
  });

  it('applies severity overrides and turns codes off', async () => {
    const report = await analyze([alpaca('Ok.'), alpaca('Ok.')], { overrides: { severity: { 'too-short': 'error', 'exact-duplicate': 'off' } } });
    assert.deepEqual(
      findingsOf(report, 'too-short').map((f) => f.severity),
      ['error', 'error'],
    );
    assert.deepEqual(findingsOf(report, 'exact-duplicate'), []);
  });

  it('gives quick fixes the record range and its neighbours', async () => {
    const report = await analyze(
      '[\n  {"instruction": "A", "output": "Fine answer one."},\n  {"instruction": "B", "output": "Ok."},\n  {"instruction": "C", "output": "Fine answer three."}\n]\n',
    );
    const [finding] = findingsOf(report, 'too-short');
    assert.equal(finding.record, 2);
    assert.equal(finding.data.container, 'array');
    assert.deepEqual(finding.data.recordRange, { start: { line: 2, column: 2 }, end: { line: 2, column: 39 } });
    assert.deepEqual(finding.data.previousEnd, { line: 1, column: 52 });
    assert.deepEqual(finding.data.nextStart, { line: 3, column: 2 });
  });
});

describe('worker threads', () => {
  it('give the same findings as analysing in this thread', async function () {
    this.timeout(60_000);
    const records = Array.from({ length: 3000 }, (_, i) =>
      alpaca(
        i % 97 === 0
          ? 'Ok.'
          : i % 101 === 0
            ? 'Write to someone@corp-mail.cn today.'
            : `Answer ${i % 500}: the reasoning goes step by step to a conclusion ${i % 500}.`,
        `Question ${i % 500}?`,
      ),
    );
    const workerScript = join(__dirname, '..', '..', '..', '..', 'src', 'workers', 'datasetAnalysis.js');
    const single = await analyze(records, { threads: 0 });
    const parallel = await analyze(records, { threads: 2, workerScript });
    const strip = (r: typeof single) => r.findings.map((f) => `${f.record}:${f.code}:${f.range.start.line}:${f.range.start.column}:${f.data.twin ?? ''}`);
    assert.deepEqual(strip(parallel), strip(single));
    assert.ok(recordsWith(single, 'exact-duplicate').length > 2000);
    assert.deepEqual(parallel.summary.recordsByCode, single.summary.recordsByCode);
  });
});
