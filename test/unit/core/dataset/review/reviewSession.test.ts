import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combineReviews, reviewScoreFindings } from '../../../../../src/core/dataset/review/combineReviews';
import {
  decide,
  loadReview,
  newReview,
  nextPending,
  openReview,
  reviewProgress,
  sampleRecords,
  saveReview,
} from '../../../../../src/core/dataset/review/reviewSession';
import { renderMessage } from '../../../../../src/shared/findings';

describe('sampled review (core)', () => {
  it('draws the same 30% sample for the same seed, another for another seed, with no repeats', () => {
    const a = sampleRecords(1000, 0.3, 42);
    assert.equal(a.length, 300);
    assert.deepEqual(sampleRecords(1000, 0.3, 42), a);
    assert.equal(new Set(a).size, 300);
    assert.ok(a.every((r) => r >= 1 && r <= 1000));
    assert.notDeepEqual(sampleRecords(1000, 0.3, 43), a);
    assert.equal(sampleRecords(7, 0.3, 1).length, 3); // rounded up: a small file still gets a sample
    assert.deepEqual(sampleRecords(0, 0.3, 1), []);
  });

  it('saves decisions beside the dataset and resumes where the reviewer stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-review-'));
    const dataset = join(dir, 'train.jsonl');
    writeFileSync(dataset, '{}\n');
    const opened = await openReview(dataset, 20, { reviewer: 'alice', seed: 5 });
    assert.equal(opened.resumed, false);
    let state = opened.state;
    const [first, second, third] = state.sample;
    state = decide(state, first, { decision: 'accept', score: 5 });
    state = decide(state, second, { decision: 'reject', score: 2, note: 'wrong answer' });
    await saveReview(opened.path, state);
    assert.deepEqual(readdirSync(dir).sort(), ['train.jsonl', 'train.jsonl.review.alice.json']);

    const again = await openReview(dataset, 20, { reviewer: 'alice', seed: 99 });
    assert.equal(again.resumed, true);
    assert.equal(again.stale, false);
    assert.deepEqual(again.state.sample, state.sample, 'the saved sample, not a new seed');
    assert.equal(nextPending(again.state), third);
    assert.equal(again.state.decisions[String(second)].note, 'wrong answer');
    const progress = reviewProgress(again.state);
    assert.deepEqual([progress.sampled, progress.decided, progress.accepted, progress.rejected, progress.acceptanceRate], [6, 2, 1, 1, 0.5]);
    assert.deepEqual(progress.rejectedRecords, [second]);
    assert.equal((await openReview(dataset, 21, { reviewer: 'alice' })).stale, true);
  });

  it('refuses decisions outside the sample and scores outside 1–5, and a file that is not a review', async () => {
    const state = newReview('/x/d.jsonl', 10, { reviewer: 'bob', seed: 1 });
    const outside = [...Array(10).keys()].map((i) => i + 1).find((r) => !state.sample.includes(r))!;
    assert.throws(() => decide(state, outside, { decision: 'accept' }), /not in the review sample/);
    assert.throws(() => decide(state, state.sample[0], { decision: 'accept', score: 9 }), /from 1 to 5/);
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-review-'));
    writeFileSync(join(dir, 'bad.json'), '{"version": 1, "reviewer": "x"}');
    await assert.rejects(loadReview(join(dir, 'bad.json')), /not a TuneLab review file/);
    assert.equal(await loadReview(join(dir, 'missing.json')), undefined);
  });

  it('combines reviewers into per-record means that become low-annotator-score findings', () => {
    const base = newReview('/x/d.jsonl', 10, { reviewer: 'a', share: 1, seed: 3 });
    const a = decide(decide(base, 1, { decision: 'accept', score: 5 }), 2, { decision: 'reject', score: 2 });
    const b = decide(decide({ ...base, reviewer: 'b' }, 1, { decision: 'accept', score: 4 }), 2, { decision: 'accept', score: 4 });
    const c = decide({ ...base, reviewer: 'c' }, 2, { decision: 'reject', score: 3 });
    const stale = decide({ ...base, reviewer: 'd', records: 11 }, 2, { decision: 'reject', score: 1 });
    const combined = combineReviews([a, b, c, stale], 10);
    assert.deepEqual(combined, [
      { record: 1, scores: [5, 4], mean: 4.5 },
      { record: 2, scores: [2, 4, 3], mean: 3 },
    ]);
    const heads = Array.from({ length: 10 }, (_, i) => ({ start: { line: i, column: 0 }, end: { line: i, column: 5 } }));
    const findings = reviewScoreFindings(combined, 4, heads, 'warning');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].record, 2);
    assert.equal(renderMessage(findings[0]), 'Mean annotator score 3 (of 3 ratings) is under 4.');
  });
});
