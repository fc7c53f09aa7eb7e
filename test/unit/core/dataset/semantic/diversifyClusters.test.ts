import * as assert from 'node:assert/strict';
import { diversifyClusters } from '../../../../../src/core/dataset/semantic/diversifyClusters';

describe('diversify clusters ("template tone")', function () {
  it('groups the rejected records by the twin they matched, largest group first, rows in file order', function () {
    const clusters = diversifyClusters(
      [
        { index: 7, twinFile: -1, twinIndex: 2, similarity: 0.9 },
        { index: 4, twinFile: 0, twinIndex: 10, similarity: 0.95 },
        { index: 5, twinFile: -1, twinIndex: 2, similarity: 0.91 },
        { index: 3, twinFile: -1, twinIndex: 0, similarity: 0.88 },
        { index: 9, twinFile: -1, twinIndex: 2, similarity: 0.86 },
      ],
      ['train.jsonl'],
    );
    assert.deepEqual(clusters, [
      { twinRow: 2, rows: [5, 7, 9] },
      // Ties keep the order of their first rejected record.
      { twinRow: 0, rows: [3] },
      { twinRow: -1, twinFile: 'train.jsonl', twinRecord: 11, rows: [4] },
    ]);
  });

  it('is empty when nothing was rejected', function () {
    assert.deepEqual(diversifyClusters([], []), []);
  });
});
