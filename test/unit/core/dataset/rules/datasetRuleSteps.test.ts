import * as assert from 'node:assert/strict';
import { ContentDigester } from '../../../../../src/core/dataset/dedup/contentDigest';
import type { FindingCode } from '../../../../../src/shared/findings';
import { normalizeRecord } from '../../../../../src/core/dataset/formats/normalizeRecord';
import type { DatasetRecord } from '../../../../../src/core/dataset/formats/recordModel';
import { exactDuplicateRule } from '../../../../../src/core/dataset/rules/dataset/exactDuplicateRule';
import { templateToneRule } from '../../../../../src/core/dataset/rules/dataset/templateToneRule';
import type { DatasetFindingSink, DatasetFinishContext, DatasetRule, DatasetView, Features } from '../../../../../src/core/dataset/rules/datasetRule';
import { defaultOptions } from '../analyzeHelper';

const at = { line: 0, column: 0 };

function records(outputs: string[]): DatasetRecord[] {
  return outputs.map((output) => normalizeRecord({ instruction: 'Tell me about the weather today.', output }).record!);
}

/** Step 1, as a worker does it: one batch's features for `rule`. */
function extract(rule: DatasetRule, batch: DatasetRecord[]): Features {
  const digester = new ContentDigester();
  const extractor = rule.extractor!(batch.length);
  batch.forEach((record, k) => {
    const { key, check } = digester.digest(record);
    extractor.add(k, { record, raw: {}, digester, key, check });
  });
  return extractor.take();
}

/** What a rule's `finish` reported, through a sink that records calls. */
function context(all: DatasetRecord[]): {
  context: DatasetFinishContext;
  reported: Array<{ code: FindingCode; record: number; args: unknown[]; twin?: number }>;
} {
  const reported: Array<{ code: FindingCode; record: number; args: unknown[]; twin?: number }> = [];
  const findings: DatasetFindingSink = {
    severity: () => 'warning',
    file: (code, _message, args) => reported.push({ code, record: 0, args }),
    record: (index, code, _message, args) => reported.push({ code, record: index + 1, args }),
    link: (index, twin, code, _message, args) => reported.push({ code, record: index + 1, args, twin: twin + 1 }),
    relatedRecord: (index, message) => ({ record: index + 1, range: { start: at, end: at }, message, args: [index + 1] }),
  };
  const view = {
    options: defaultOptions({ templateTone: { minShare: 0.5, minRecords: 3 } }),
    records: all.length,
    readRecord: (index: number) => Promise.resolve(all[index]),
    headRange: () => ({ start: at, end: at }),
  } as Partial<DatasetView> as DatasetView;
  return { context: { view, findings, copies: new Map(), shingles: () => Promise.reject(new Error('not needed')), progress: () => undefined }, reported };
}

describe('dataset rules, step by step (extract in batches, absorb in file order, finish)', () => {
  it('exact duplicates: links each copy to the first occurrence across batches, and hands the copies on', async () => {
    const first = records(['It is sunny and warm.', 'Rain all day, take an umbrella.']);
    const second = records(['It is  sunny and warm.', 'Snow.', 'Rain all day, take an umbrella.']);
    const rule = exactDuplicateRule;
    const state = rule.start(defaultOptions());
    rule.absorb!(state, extract(rule, first), 0);
    rule.absorb!(state, extract(rule, second), first.length);
    const { context: ctx, reported } = context([...first, ...second]);
    await rule.finish(state, ctx);
    assert.deepEqual(
      reported.map((r) => [r.code, r.record, r.twin]),
      [
        ['exact-duplicate', 3, 1],
        ['exact-duplicate', 5, 2],
      ],
    );
    assert.deepEqual(
      [...ctx.copies],
      [
        [2, 0],
        [4, 1],
      ],
      'the near-duplicate rule leaves these alone',
    );
  });

  it('templated tone: counts phrase hashes from every batch and reads the phrase back from its first example', async () => {
    const all = records([
      'As an AI language model, I cannot see the sky.',
      'As an AI language model, I have no window.',
      'It is sunny.',
      'As an AI language model, I do not know.',
    ]);
    const rule = templateToneRule;
    const state = rule.start(defaultOptions());
    rule.absorb!(state, extract(rule, all.slice(0, 2)), 0);
    rule.absorb!(state, extract(rule, all.slice(2)), 2);
    const { context: ctx, reported } = context(all);
    await rule.finish(state, ctx);
    assert.equal(reported.length, 1);
    assert.equal(reported[0].code, 'template-tone');
    assert.equal(reported[0].args[0], 3);
    assert.match(String(reported[0].args[2]), /^as an ai language model/i);
    const tone = rule.summary!(state).tone!;
    assert.deepEqual(tone[0].examples, [0, 1, 3]);
  });

  it('finish reports nothing for a code set to off, yet the tone summary is still filled', async () => {
    const all = records(['As an AI language model, no.', 'As an AI language model, no way.', 'As an AI language model, never.']);
    const rule = templateToneRule;
    const state = rule.start(defaultOptions());
    rule.absorb!(state, extract(rule, all), 0);
    const { context: ctx, reported } = context(all);
    await rule.finish(state, { ...ctx, findings: { ...ctx.findings, severity: () => undefined } });
    assert.deepEqual(reported, []);
    assert.equal(rule.summary!(state).tone!.length, 1);
  });
});
