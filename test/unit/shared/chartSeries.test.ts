import * as assert from 'node:assert/strict';
import type { XAxis } from '../../../src/shared/chartSeries';
import { pointsCsv, RunColumns } from '../../../src/shared/chartSeries';
import type { ChartPoint } from '../../../src/shared/protocol/trainingChart';

const log = (step: number, values: ChartPoint['values'], extra: Partial<ChartPoint> = {}): ChartPoint => ({
  source: 'trainer-log',
  step,
  epoch: step / 10,
  elapsed: step * 2,
  values,
  ...extra,
});
/** A series from fresh columns holding `points`. */
function metricSeries(points: readonly ChartPoint[], metric: string, axis: XAxis, smoothing = 0) {
  const columns = new RunColumns();
  columns.append(points);
  return columns.series(metric, axis, smoothing);
}

const out = (step: number, values: ChartPoint['values']): ChartPoint => ({ source: 'stdout', step, epoch: step / 10, values });

describe('chart series', () => {
  const points: ChartPoint[] = [
    out(1, { loss: 2.0, grad_norm: 1.5 }),
    log(1, { loss: 2.0, learning_rate: 1e-5 }),
    out(2, { loss: 'NaN', grad_norm: 9 }),
    log(2, { loss: 'NaN', learning_rate: 9e-6 }),
    out(3, { loss: 1.5, grad_norm: 1.2 }),
    log(3, { loss: 1.5, learning_rate: 8e-6 }),
  ];

  it('draws a metric once: from trainer_log when it has it, else from stdout; never NaN', () => {
    assert.deepEqual(metricSeries(points, 'loss', 'step'), [
      { x: 1, y: 2 },
      { x: 3, y: 1.5 },
    ]);
    assert.deepEqual(metricSeries(points, 'grad_norm', 'step'), [
      { x: 1, y: 1.5 },
      { x: 2, y: 9 },
      { x: 3, y: 1.2 },
    ]);
    assert.deepEqual(metricSeries(points, 'loss', 'time'), [
      { x: 2, y: 2 },
      { x: 6, y: 1.5 },
    ]);
    assert.deepEqual(metricSeries(points, 'grad_norm', 'time'), [], 'stdout points have no time: nothing invented');
  });

  it('smooths with a debiased EMA (the first point is itself) and sorts a resumed run', () => {
    const smoothed = metricSeries([log(1, { loss: 4 }), log(2, { loss: 2 })], 'loss', 'step', 0.5);
    assert.equal(smoothed[0].y, 4);
    assert.ok(Math.abs(smoothed[1].y - (0.5 * 0.5 * 4 + 0.5 * 2) / 0.75) < 1e-12);
    assert.deepEqual(
      metricSeries([log(5, { loss: 1 }), log(3, { loss: 2 })], 'loss', 'step').map((p) => p.x),
      [3, 5],
    );
  });

  it('gives the same series from columns filled in pieces as from fresh columns', () => {
    const many: ChartPoint[] = [];
    for (let i = 1; i <= 500; i++) many.push(i % 3 ? log(i, { loss: 1 / i, kl: Math.sin(i) }) : out(i, { loss: 1 / i, grad_norm: i % 7 }));
    const columns = new RunColumns();
    const growing: ChartPoint[] = [];
    // A trainer resumed from a checkpoint logs steps 201-260 again.
    for (let i = 201; i <= 260; i++) many.splice(400, 0, log(i, { loss: 2 / i, kl: Math.cos(i) }));
    for (let i = 0; i < many.length; i += 37) {
      growing.push(...many.slice(i, i + 37));
      assert.equal(columns.append(growing), true);
      // Drawn while growing: each call extends what the last one kept, or rebuilds it.
      assert.deepEqual(columns.series('loss', 'step', 0.6), metricSeries(growing, 'loss', 'step', 0.6), `after ${growing.length} points`);
      assert.deepEqual(columns.series('kl', 'epoch', 0), metricSeries(growing, 'kl', 'epoch', 0), `after ${growing.length} points`);
    }
    for (const metric of ['loss', 'kl', 'grad_norm']) {
      for (const axis of ['step', 'epoch', 'time'] as const) {
        for (const smoothing of [0, 0.6, 0.95])
          assert.deepEqual(columns.series(metric, axis, smoothing), metricSeries(many, metric, axis, smoothing), `${metric} ${axis} ${smoothing}`);
      }
    }
    assert.equal(columns.append(many.slice(0, 3)), false, 'a shorter array is a new snapshot');
  });

  it("decimates long series to a bounded size, keeping every bucket's extremes", () => {
    const points = Array.from({ length: 100_000 }, (_, i) => log(i, { loss: Math.sin(i / 50) }));
    points[54_321].values.loss = 1000;
    points[77_777].values.loss = -1000;
    const columns = new RunColumns();
    columns.append(points);
    const drawn = columns.drawable('loss', 'step', 0, 500);
    assert.ok(drawn.length <= 2000, String(drawn.length));
    assert.ok(drawn.some((p) => p.y === 1000) && drawn.some((p) => p.y === -1000), 'the spike and the dip survive');
    assert.ok(
      drawn.every((p, i) => i === 0 || p.x > drawn[i - 1].x),
      'x stays in order',
    );
    assert.deepEqual(drawn[0], { x: 0, y: 0 });
    assert.equal(drawn[drawn.length - 1].x, 99_999);
    assert.deepEqual(columns.drawable('loss', 'step', 0, 50_000), columns.series('loss', 'step'), 'short enough: drawn as it is');
  });

  it('exports every point as CSV, one column per metric', () => {
    const csv = pointsCsv([{ jobId: 'j1', points: points.slice(0, 2) }]);
    assert.match(
      pointsCsv([{ jobId: 'j', points: [log(1, { learning_rate: 5.000000000000001e-6, loss: 0.6931471805599453 })] }]),
      /,5e-6,0\.69314718056\n$/,
      'compact, without float noise, every logged digit',
    );
    assert.equal(csv, 'job,source,step,epoch,elapsed_s,grad_norm,learning_rate,loss\nj1,stdout,1,0.1,,1.5,,2\nj1,trainer-log,1,0.1,2,,1e-5,2\n');
  });

  it('draws a constant series flat, smoothed or not, even with float noise in the log', () => {
    const lr = Array.from({ length: 50 }, (_, i) => log(i + 1, { learning_rate: i % 2 ? 1e-5 : 1.0000000000000001e-5 }));
    const columns = new RunColumns();
    columns.append(lr);
    for (const smoothing of [0, 0.6, 0.99]) {
      const ys = new Set(columns.drawable('learning_rate', 'step', smoothing, 600).map((p) => p.y));
      assert.deepEqual([...ys], [1e-5], `smoothing ${smoothing}`);
    }
  });

  it("counts a resumed run's steps from its first logged step on the relative axis", () => {
    const resumed = [log(500, { loss: 1 }), log(510, { loss: 0.9 }), log(520, { loss: 0.8 })];
    assert.deepEqual(
      metricSeries(resumed, 'loss', 'relative').map((p) => p.x),
      [0, 10, 20],
    );
    assert.deepEqual(
      metricSeries(resumed, 'loss', 'step').map((p) => p.x),
      [500, 510, 520],
    );
  });
});
