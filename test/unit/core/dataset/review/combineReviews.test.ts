import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combineReviews, readReviewsOf, reviewScoresFor } from '../../../../../src/core/dataset/review/combineReviews';
import { hashRecordValue } from '../../../../../src/core/dataset/review/contentHash';
import { reviewFilePath, writeReviewFile } from '../../../../../src/core/dataset/review/reviewFile';
import { ReviewSession } from '../../../../../src/core/dataset/review/reviewSession';
import { alpaca, analyze, messagesOf, recordsWith } from '../analyzeHelper';

const records = [alpaca('Paris is the capital of France.'), alpaca('巴黎是法国的首都。'), alpaca('Water boils at 100 °C at sea level.')];
const hashes = records.map((r) => hashRecordValue(r));

/** A reviewer who scored every record. */
function review(reviewer: string, scores: number[], minute = 0) {
  const session = ReviewSession.begin('data.jsonl', reviewer, hashes, 1, 3, new Date(Date.UTC(2026, 0, 1, 0, minute)));
  scores.forEach((score, i) => session.decide(i, { decision: score >= 4 ? 'accept' : 'reject', score }, new Date(Date.UTC(2026, 0, 1, 0, minute + 1))));
  return session.toFile();
}

describe('combining reviewers', () => {
  it('gives each record the mean of its reviewers’ scores', () => {
    const combined = combineReviews([review('ada', [5, 3, 4]), review('bo', [5, 4, 2]), review('cy', [4, 3, 5])]);
    assert.deepEqual(
      hashes.map((h) => combined.get(h)?.mean),
      [14 / 3, 10 / 3, 11 / 3],
    );
    assert.deepEqual(combined.get(hashes[0])?.reviewers, ['ada', 'bo', 'cy']);
  });

  it('counts a reviewer once (the later file) and ignores decisions without a score', () => {
    const unscored = ReviewSession.begin('data.jsonl', 'dee', hashes, 1, 3, new Date(0));
    unscored.decide(0, { decision: 'reject' }, new Date(1000));
    const combined = combineReviews([review('ada', [1, 1, 1], 0), review('ada', [5, 5, 5], 10), unscored.toFile()]);
    assert.deepEqual(combined.get(hashes[0])?.scores, [5]);
  });

  it('feeds low-annotator-score without touching the records, and a score field in the record wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-combine-'));
    try {
      const dataset = join(dir, 'data.jsonl');
      writeFileSync(dataset, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await writeReviewFile(reviewFilePath(dataset, 'ada'), review('ada', [5, 3, 4]));
      await writeReviewFile(reviewFilePath(dataset, 'bo'), review('bo', [5, 4, 2]));
      await writeReviewFile(reviewFilePath(dataset, 'cy'), review('cy', [4, 3, 5]));
      writeFileSync(join(dir, 'data.jsonl.review.broken.json'), '{');
      const { files, errors } = await readReviewsOf(dataset);
      assert.equal(files.length, 3);
      assert.match(errors[0], /data\.jsonl\.review\.broken\.json: .*not valid JSON/);
      const reviewScores = await reviewScoresFor(dataset);
      const report = await analyze(records, { overrides: { reviewScores } });
      assert.deepEqual(recordsWith(report, 'low-annotator-score'), [2, 3]);
      assert.equal(messagesOf(report, 'low-annotator-score')[0], 'Mean reviewer score 3.33 (of 3 review files) is under 4.');
      // A record that carries its own scores is judged by them.
      const own = [{ ...records[1], ratings: [5, 5, 4] }];
      assert.deepEqual(recordsWith(await analyze(own, { overrides: { reviewScores: { [hashRecordValue(own[0])]: [1] } } }), 'low-annotator-score'), []);
      assert.equal(await reviewScoresFor(join(dir, 'other.jsonl')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
