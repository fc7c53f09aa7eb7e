import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashRecordValue } from '../../../../../src/core/dataset/review/contentHash';
import {
  ReviewFileError,
  isReviewFileName,
  parseReviewFile,
  readReviewFile,
  reviewFilePath,
  safeReviewerName,
  writeReviewFile,
} from '../../../../../src/core/dataset/review/reviewFile';
import { ReviewSession, findingsOfRejected } from '../../../../../src/core/dataset/review/reviewSession';

const hashesOf = (n: number, tag = '') => Array.from({ length: n }, (_, i) => hashRecordValue({ q: `question ${i}${tag}` }));
const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 12, minute));

describe('review session', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tunelab-review-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves decisions atomically beside the dataset and resumes at the next undecided record', async () => {
    const hashes = hashesOf(20);
    const session = ReviewSession.begin('data.jsonl', 'ada', hashes, 0.3, 5, at(0));
    assert.equal(session.items.length, 6);
    session.decide(0, { decision: 'accept', score: 5 }, at(1));
    session.decide(1, { decision: 'reject', note: '  wrong answer  ', score: 2 }, at(2));
    session.decide(2, { decision: 'skip' }, at(3));
    const path = reviewFilePath(join(dir, 'data.jsonl'), 'ada');
    assert.equal(path, join(dir, 'data.jsonl.review.ada.json'));
    await writeReviewFile(path, session.toFile());
    assert.deepEqual(readdirSync(dir), ['data.jsonl.review.ada.json'], 'no temporary file left');

    const file = await readReviewFile(path);
    assert.ok(file);
    const resumed = ReviewSession.resume(file, hashes);
    assert.equal(resumed.resumePosition(), 3);
    assert.deepEqual(resumed.progress(), { sampled: 6, reviewed: 2, accepted: 1, rejected: 1, skipped: 1, stale: 0, acceptedShare: 0.5 });
    assert.equal(resumed.items[1].item.note, 'wrong answer');
    assert.equal(resumed.items[1].item.score, 2);
    // Decide the rest: then the review resumes at the skipped record.
    for (let p = 3; p < 6; p++) resumed.decide(p, { decision: 'accept' }, at(4));
    assert.equal(resumed.nextUndecided(), -1);
    assert.equal(resumed.resumePosition(), 2);
  });

  it('follows a record that moved and flags a decision whose record changed as stale', () => {
    const hashes = hashesOf(10);
    const session = ReviewSession.begin('data.jsonl', 'ada', hashes, 1, 1, at(0));
    session.decide(3, { decision: 'accept' }, at(1));
    session.decide(4, { decision: 'reject' }, at(1));
    // A record inserted at the top moves everything down by one; record 4 is edited.
    const edited = [hashRecordValue({ q: 'new first' }), ...hashes];
    edited[5] = hashRecordValue({ q: 'question 4, corrected' });
    const resumed = ReviewSession.resume(session.toFile(), edited);
    assert.deepEqual([resumed.items[3].state, resumed.items[3].row], ['moved', 4]);
    assert.equal(resumed.isStale(3), false);
    assert.deepEqual([resumed.items[4].state, resumed.items[4].row], ['changed', 4]);
    assert.equal(resumed.isStale(4), true);
    assert.equal(resumed.progress().stale, 1);
    assert.deepEqual(resumed.rowsDecided('accept'), [4]);
    assert.deepEqual(resumed.rowsDecided('reject'), [], 'a stale rejection is not counted as decided');
    // Saved: the moved record keeps its decision under its new index.
    assert.equal(resumed.toFile().items[3].index, 4);
    // Deciding again takes the record's current content.
    resumed.decide(4, { decision: 'accept' }, at(2));
    assert.equal(resumed.isStale(4), false);
    assert.equal(resumed.toFile().items[4].hash, edited[4]);
  });

  it('marks records past the end of a shortened file as gone', () => {
    const hashes = hashesOf(5);
    const session = ReviewSession.begin('d.jsonl', 'ada', hashes, 1, 1, at(0));
    const resumed = ReviewSession.resume(session.toFile(), hashes.slice(0, 2).concat(hashesOf(1, 'x')));
    assert.deepEqual(
      resumed.items.map((r) => r.state),
      ['same', 'same', 'changed', 'gone', 'gone'],
    );
    assert.throws(() => resumed.decide(4, { decision: 'accept' }, at(1)), /no longer in the file/);
  });

  it('counts the findings of the rejected records', () => {
    const findings: Record<number, Array<{ code: string }>> = {
      1: [{ code: 'too-short' }, { code: 'too-short' }],
      2: [{ code: 'pii' }, { code: 'too-short' }],
    };
    assert.deepEqual(
      findingsOfRejected([1, 2, 3], (r) => findings[r] ?? []),
      [
        ['too-short', 2],
        ['pii', 1],
      ],
    );
  });
});

describe('review file', () => {
  it('rejects files of another shape or version, saying what is wrong', () => {
    const good = ReviewSession.begin('d.jsonl', 'ada', hashesOf(3), 1, 1, at(0)).toFile();
    assert.equal(parseReviewFile(JSON.stringify(good)).reviewer, 'ada');
    assert.throws(() => parseReviewFile('{'), ReviewFileError);
    assert.throws(() => parseReviewFile(JSON.stringify({ ...good, version: 2 })), /version 2 is not supported/);
    assert.throws(() => parseReviewFile(JSON.stringify({ ...good, items: [{ index: 0, hash: 'x', decision: 'maybe' }] })), /decision must be/);
    assert.throws(() => parseReviewFile(JSON.stringify({ ...good, items: [{ index: 0, hash: 'x', score: 9 }] })), /score must be/);
  });

  it('names files safely and recognises them', () => {
    assert.equal(safeReviewerName('Ada Lovelace/../x'), 'Ada_Lovelace_x');
    assert.equal(safeReviewerName('张三'), '张三');
    assert.equal(safeReviewerName('../'), 'reviewer');
    assert.ok(isReviewFileName('train.jsonl.review.ada.json'));
    assert.ok(!isReviewFileName('train.jsonl'));
  });

  it('never leaves half a file: a failed write keeps the previous decisions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-review-'));
    try {
      const path = join(dir, 'd.jsonl.review.ada.json');
      const file = ReviewSession.begin('d.jsonl', 'ada', hashesOf(3), 1, 1, at(0)).toFile();
      await writeReviewFile(path, file);
      const before = readFileSync(path, 'utf8');
      const cyclic = { ...file, items: [] as unknown[] };
      cyclic.items.push(cyclic);
      await assert.rejects(writeReviewFile(path, cyclic as never));
      assert.equal(readFileSync(path, 'utf8'), before);
      assert.deepEqual(readdirSync(dir), ['d.jsonl.review.ada.json']);
      writeFileSync(path, 'garbage');
      await assert.rejects(readReviewFile(path), ReviewFileError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
