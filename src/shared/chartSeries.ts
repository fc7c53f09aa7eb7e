import { csvNumber, isConstant } from './chartFormat';
import type { ChartPoint } from './protocol/trainingChart';

/** The chart's panels and the canonical metrics each one draws. */
export const CHART_PANELS: ReadonlyArray<{ id: string; metrics: readonly string[] }> = [
  { id: 'loss', metrics: ['loss', 'eval_loss', 'policy_loss', 'value_loss'] },
  { id: 'learning_rate', metrics: ['learning_rate'] },
  { id: 'kl', metrics: ['kl', 'approx_kl', 'kl_penalty'] },
  { id: 'reward', metrics: ['reward', 'score', 'reward_margin', 'reward_accuracy', 'reward_chosen', 'reward_rejected', 'accuracy'] },
  { id: 'grad_norm', metrics: ['grad_norm'] },
];

/** `relative`: steps counted from the run's first logged step, so a resumed run lines up with a fresh one. */
export type XAxis = 'step' | 'epoch' | 'time' | 'relative';

export interface XY {
  x: number;
  y: number;
}

/** Every point of some runs as CSV: one row per point, one column per metric. */
export function pointsCsv(runs: ReadonlyArray<{ jobId: string; points: readonly ChartPoint[] }>): string {
  const metrics = new Set<string>();
  for (const run of runs) for (const point of run.points) for (const key of Object.keys(point.values)) metrics.add(key);
  const columns = [...metrics].sort();
  const cell = (v: string | number | undefined) => {
    const text = v === undefined ? '' : typeof v === 'number' ? csvNumber(v) : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [['job', 'source', 'step', 'epoch', 'elapsed_s', ...columns].join(',')];
  for (const run of runs) {
    for (const p of run.points) rows.push([run.jobId, p.source, p.step, p.epoch, p.elapsed, ...columns.map((c) => p.values[c])].map(cell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** A growable typed array: pushing numbers without boxing them or changing element kinds. */
class NumberBuffer<T extends Float64Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

const floats = () => new NumberBuffer(new Float64Array(1024), (n) => new Float64Array(n));

/**
 * A run's points pivoted for drawing, filled as points arrive (each point is read once): the
 * positions of every point in three typed arrays, and per metric the indexes of the points that
 * carry it with their values. Drawing a series walks typed arrays and builds objects only for
 * the points it keeps, which is what keeps a 100k-point redraw fast.
 */
export class RunColumns {
  private readonly step = floats();
  private readonly epoch = floats();
  private readonly time = floats();
  private readonly relative = floats();
  /** The first step the run logged (a resumed run starts late). */
  private firstStep = NaN;
  private readonly fromLog = new NumberBuffer(new Uint8Array(1024), (n) => new Uint8Array(n));
  private readonly columns = new Map<string, { index: NumberBuffer<Uint32Array>; y: NumberBuffer<Float64Array>; min: number; max: number }>();
  private readonly logMetrics = new Set<string>();
  private readonly collected = new Map<string, Collected>();

  /** Takes the points not seen yet; false when `points` is not the array it was fed (start again). */
  append(points: readonly ChartPoint[]): boolean {
    if (points.length < this.step.length) return false;
    for (let i = this.step.length; i < points.length; i++) {
      const point = points[i];
      const log = point.source === 'trainer-log';
      this.step.push(point.step ?? NaN);
      if (Number.isNaN(this.firstStep) && point.step !== undefined) this.firstStep = point.step;
      this.relative.push(point.step === undefined ? NaN : point.step - this.firstStep);
      this.epoch.push(point.epoch ?? NaN);
      this.time.push(point.elapsed ?? NaN);
      this.fromLog.push(log ? 1 : 0);
      const values = point.values;
      const metrics = Object.keys(values);
      for (let k = 0; k < metrics.length; k++) {
        const metric = metrics[k];
        const raw = values[metric];
        let column = this.columns.get(metric);
        if (!column)
          this.columns.set(
            metric,
            (column = { index: new NumberBuffer(new Uint32Array(1024), (n) => new Uint32Array(n)), y: floats(), min: Infinity, max: -Infinity }),
          );
        const y = typeof raw === 'number' ? raw : Number(raw);
        column.index.push(i);
        column.y.push(y);
        if (Number.isFinite(y)) {
          if (y < column.min) column.min = y;
          if (y > column.max) column.max = y;
        }
        if (log && !this.logMetrics.has(metric)) this.logMetrics.add(metric);
      }
    }
    return true;
  }

  has(metric: string): boolean {
    return this.columns.has(metric);
  }

  /**
   * One metric as x/y pairs (sorted by x, finite values only). When trainer_log.jsonl carries the
   * metric, only its points count: the same loss also printed on stdout would otherwise be drawn
   * twice. Time needs trainer_log's elapsed seconds, so a stdout-only metric has no time axis
   * rather than invented times. `smoothing` in [0, 1) is an exponential moving average, debiased
   * like TensorBoard's so the first points are not dragged towards zero.
   */
  series(metric: string, axis: XAxis, smoothing = 0): XY[] {
    const { xs, ys, length } = this.collect(metric, axis, this.smoothingFor(metric, smoothing));
    const out: XY[] = new Array<XY>(length);
    for (let i = 0; i < length; i++) out[i] = { x: xs[i], y: ys[i] };
    return out;
  }

  /** The series as drawn: min/max-decimated to at most 4 × `buckets` points. */
  drawable(metric: string, axis: XAxis, smoothing: number, buckets: number): XY[] {
    const { xs, ys, length } = this.collect(metric, axis, this.smoothingFor(metric, smoothing));
    const out = decimateArrays(xs, ys, length, buckets);
    // A constant series (a fixed learning rate, a KL of 0) is drawn exactly flat: float noise in
    // the log (1e-05 vs 1.0000000000000001e-05) would otherwise become a jagged, zoomed-in line.
    const column = this.columns.get(metric);
    if (column && out.length && isConstant(column.min, column.max)) for (const p of out) p.y = column.min;
    return out;
  }

  /** Smoothing a constant series only adds float noise: it stays raw. */
  private smoothingFor(metric: string, smoothing: number): number {
    const column = this.columns.get(metric);
    return column && isConstant(column.min, column.max) ? 0 : smoothing;
  }

  /**
   * The finite, x-ordered, smoothed values of a metric. The result is kept per metric and
   * extended with only the new points while they keep x in order (the common live case: a
   * redraw for one new point costs O(1) here, not O(points)); anything else recomputes it.
   */
  private collect(metric: string, axis: XAxis, smoothing: number): Collected {
    const column = this.columns.get(metric);
    if (!column) return emptyCollected(axis, smoothing);
    const onlyLog = this.logMetrics.has(metric);
    const cached = this.collected.get(metric);
    if (cached && cached.axis === axis && cached.smoothing === smoothing && cached.onlyLog === onlyLog && this.extend(cached, metric)) return cached;
    const fresh: Collected = { ...emptyCollected(axis, smoothing), onlyLog };
    if (!this.extend(fresh, metric)) this.sortedFromScratch(fresh, metric);
    this.collected.set(metric, fresh);
    return fresh;
  }

  /** Appends the metric's entries from `c.next` on; false (leaving `c` unusable) when x goes backwards. */
  private extend(c: Collected, metric: string): boolean {
    const column = this.columns.get(metric);
    if (!column) return true;
    const positions = this.positions(c.axis);
    const fromLog = this.fromLog.data;
    const index = column.index.data;
    const values = column.y.data;
    const count = column.index.length;
    if (c.xs.length < count) {
      const size = Math.max(count, c.xs.length * 2, 1024);
      const xs = new Float64Array(size);
      const ys = new Float64Array(size);
      xs.set(c.xs.subarray(0, c.length));
      ys.set(c.ys.subarray(0, c.length));
      c.xs = xs;
      c.ys = ys;
    }
    for (let k = c.next; k < count; k++) {
      const i = index[k];
      if (c.onlyLog && !fromLog[i]) continue;
      const x = positions[i];
      const y = values[k];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (c.length && x < c.xs[c.length - 1]) return false;
      c.xs[c.length] = x;
      c.ys[c.length] = c.smoothing > 0 ? smoothStep(c, y) : y;
      c.length++;
    }
    c.next = count;
    return true;
  }

  private positions(axis: XAxis): Float64Array {
    return (axis === 'step' ? this.step : axis === 'epoch' ? this.epoch : axis === 'relative' ? this.relative : this.time).data;
  }

  /** A resumed trainer repeats steps: every value, ordered by x (arrival order among equals), then smoothed. */
  private sortedFromScratch(c: Collected, metric: string): void {
    const column = this.columns.get(metric);
    if (!column) return;
    const positions = this.positions(c.axis);
    const entries: Array<{ x: number; y: number; order: number }> = [];
    for (let k = 0; k < column.index.length; k++) {
      const i = column.index.data[k];
      if (c.onlyLog && !this.fromLog.data[i]) continue;
      const x = positions[i];
      const y = column.y.data[k];
      if (Number.isFinite(x) && Number.isFinite(y)) entries.push({ x, y, order: k });
    }
    entries.sort((a, b) => a.x - b.x || a.order - b.order);
    Object.assign(c, {
      ...emptyCollected(c.axis, c.smoothing),
      onlyLog: c.onlyLog,
      xs: new Float64Array(entries.length),
      ys: new Float64Array(entries.length),
    });
    for (const e of entries) {
      c.xs[c.length] = e.x;
      c.ys[c.length] = c.smoothing > 0 ? smoothStep(c, e.y) : e.y;
      c.length++;
    }
    // Later points extend this only while they keep x in order; otherwise it is rebuilt.
    c.next = column.index.length;
  }
}

interface Collected {
  axis: XAxis;
  smoothing: number;
  onlyLog: boolean;
  xs: Float64Array;
  ys: Float64Array;
  length: number;
  /** The next column entry to take in. */
  next: number;
  /** The EMA's state, so smoothing carries on with new points. */
  average: number;
  weight: number;
}

function emptyCollected(axis: XAxis, smoothing: number): Collected {
  return { axis, smoothing, onlyLog: false, xs: new Float64Array(0), ys: new Float64Array(0), length: 0, next: 0, average: 0, weight: 1 };
}

/** One step of the debiased EMA (TensorBoard's): the first value is itself. */
function smoothStep(c: Collected, y: number): number {
  c.average = c.smoothing * c.average + (1 - c.smoothing) * y;
  c.weight *= c.smoothing;
  return c.average / (1 - c.weight);
}

/**
 * Min/max decimation for drawing: the x range cut into `buckets` slices, each keeping its first,
 * lowest, highest and last point in x order. Every spike and dip stays visible (a NaN alert's
 * neighbourhood, a grad-norm explosion), and chart.js gets at most 4 × buckets points however
 * long the run. Series shorter than that are drawn as they are.
 */
function decimateArrays(xs: Float64Array, ys: Float64Array, length: number, buckets: number): XY[] {
  const out: XY[] = [];
  if (length <= buckets * 4) {
    for (let i = 0; i < length; i++) out.push({ x: xs[i], y: ys[i] });
    return out;
  }
  const x0 = xs[0];
  const scale = buckets / (xs[length - 1] - x0 || 1);
  const bucketOf = (i: number) => Math.min(buckets - 1, Math.floor((xs[i] - x0) * scale));
  let start = 0;
  while (start < length) {
    const bucket = bucketOf(start);
    let end = start;
    let min = start;
    let max = start;
    while (end + 1 < length && bucketOf(end + 1) === bucket) {
      end++;
      if (ys[end] < ys[min]) min = end;
      if (ys[end] > ys[max]) max = end;
    }
    let last = -1;
    for (const i of [start, Math.min(min, max), Math.max(min, max), end]) {
      if (i === last) continue;
      out.push({ x: xs[i], y: ys[i] });
      last = i;
    }
    start = end + 1;
  }
  return out;
}
