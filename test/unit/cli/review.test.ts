import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { hashRecordValue } from '../../../src/core/dataset/review/contentHash';
import { reviewFilePath, writeReviewFile } from '../../../src/core/dataset/review/reviewFile';
import { ReviewSession } from '../../../src/core/dataset/review/reviewSession';
import { cli, workspace } from './cliHarness';

const records = [
  { instruction: 'Name a primary colour.', input: '', output: 'Red is one of the primary colours.' },
  { instruction: '说出一颗行星。', input: '', output: '火星是离太阳第四近的行星。' },
  { instruction: 'Name a planet.', input: '', output: 'Mars is the fourth planet from the Sun.' },
];
const hashes = records.map((r) => hashRecordValue(r));

async function reviewed(dir: string, reviewer: string, scores: Array<number | undefined>, decisions: Array<'accept' | 'reject' | 'skip'>): Promise<void> {
  const session = ReviewSession.begin('data.jsonl', reviewer, hashes, 1, 11, new Date(0));
  decisions.forEach((decision, i) => session.decide(i, { decision, score: scores[i] }, new Date(1000)));
  await writeReviewFile(reviewFilePath(join(dir, 'data.jsonl'), reviewer), session.toFile());
}

describe('tunelab review summary', function () {
  this.timeout(30_000);

  it('prints each reviewer’s acceptance and the per-record mean scores, and check flags the low ones', async () => {
    const dir = workspace({ 'data.jsonl': records });
    await reviewed(dir, 'ada', [5, 3, 4], ['accept', 'reject', 'accept']);
    await reviewed(dir, 'bo', [4, 2], ['accept', 'reject', 'skip']);
    const run = await cli(['review', 'summary', 'data.jsonl'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /data\.jsonl: 3 records, 2 review files/);
    assert.match(run.stdout, /ada: 3 of 3 reviewed, 67% accepted/);
    assert.match(run.stdout, /bo: 2 of 3 reviewed, 50% accepted \(1 skipped\)/);
    assert.match(run.stdout, /record 1: 4\.50 \(5, 4 by ada, bo\)\n/);
    assert.match(run.stdout, /record 2: 2\.50 \(3, 2 by ada, bo\) {2}under 4/);
    assert.match(run.stdout, /1 of 3 scored records are under 4\./);

    const json = JSON.parse((await cli(['review', 'summary', 'data.jsonl', '--format', 'json'], dir)).stdout) as {
      under: number;
      scored: Array<{ record: number; mean: number }>;
    };
    assert.equal(json.under, 1);
    assert.deepEqual(
      json.scored.map((s) => [s.record, s.mean]),
      [
        [1, 4.5],
        [2, 2.5],
        [3, 4],
      ],
    );

    // The same scores reach tunelab check, and the folder walk leaves the review files alone.
    const check = await cli(['check', '.', '--format', 'json'], dir);
    const report = JSON.parse(check.stdout) as { files: Array<{ path: string; findings: Array<{ code: string; record?: number }> }> };
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['data.jsonl'],
    );
    assert.deepEqual(
      report.files[0].findings.filter((f) => f.code === 'low-annotator-score').map((f) => f.record),
      [2],
    );
  });

  it('says how to call it', async () => {
    const dir = workspace({ 'data.jsonl': records });
    assert.equal((await cli(['review', 'data.jsonl'], dir)).code, 2);
    assert.match((await cli(['review', 'summary'], dir)).stderr, /name one dataset/);
    assert.match((await cli(['review', 'summary', 'data.jsonl'], dir)).stdout, /No record has a score yet\./);
  });
});
