import * as assert from 'node:assert/strict';
import { csvNumber, formatCompact, formatTicks, isConstant, klSchedule } from '../../../src/shared/chartFormat';

describe('chart number formatting', () => {
  it('writes learning rates and losses as people read them', () => {
    assert.equal(formatCompact(1.05e-6), '1.05e-6');
    assert.equal(formatCompact(5.000000000000001e-6), '5e-6');
    assert.equal(formatCompact(1e-4), '1e-4');
    assert.equal(formatCompact(0.6931471805599453, 3), '0.693');
    assert.equal(formatCompact(12.5), '12.5');
    assert.equal(formatCompact(0), '0');
    assert.equal(formatCompact(-0.5), '-0.5');
    assert.equal(formatCompact(123456789), '1.235e8');
    assert.equal(formatCompact(NaN), 'NaN');
  });

  it('gives ticks just enough digits to tell them apart', () => {
    assert.deepEqual(formatTicks([0, 0.5, 1, 1.5]), ['0', '0.5', '1', '1.5']);
    assert.deepEqual(formatTicks([0.6931, 0.6932, 0.6933]), ['0.6931', '0.6932', '0.6933']);
    assert.deepEqual(formatTicks([2e-6, 4e-6, 6e-6]), ['2e-6', '4e-6', '6e-6']);
    assert.deepEqual(formatTicks([1.0000000000000001e-5, 1.05e-5]), ['1e-5', '1.05e-5']);
  });

  it('keeps every digit a log had in CSV, without float noise', () => {
    assert.equal(csvNumber(0.6931471805599453), '0.69314718056');
    assert.equal(csvNumber(1.05e-6), '1.05e-6');
    assert.equal(csvNumber(3), '3');
    assert.equal(csvNumber(Infinity), 'Infinity');
  });

  it('tells constant series from small changes', () => {
    assert.ok(isConstant(1e-5, 1.0000000000000001e-5));
    assert.ok(!isConstant(1e-5, 1.01e-5));
    assert.ok(isConstant(0, 0));
  });

  it('lays out the staged KL schedule over the total steps', () => {
    assert.deepEqual(
      klSchedule(1000).map((p) => [p.x, p.y]),
      [
        [0, 0.08],
        [200, 0.08],
        [200, 0.05],
        [800, 0.05],
        [800, 0.06],
        [1000, 0.06],
      ],
    );
  });
});
