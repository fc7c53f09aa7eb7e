import type { ChartPoint } from './protocol/trainingChart';

/** The chart's panels and the canonical metrics each one draws. */
export const CHART_PANELS: ReadonlyArray<{ id: string; metrics: readonly string[] }> = [
  { id: 'loss', metrics: ['loss', 'eval_loss', 'policy_loss', 'value_loss'] },
  { id: 'learning_rate', metrics: ['learning_rate'] },
  { id: 'kl', metrics: ['kl', 'approx_kl', 'kl_penalty'] },
  { id: 'reward', metrics: ['reward', 'score', 'reward_margin', 'reward_accuracy', 'reward_chosen', 'reward_rejected', 'accuracy'] },
  { id: 'grad_norm', metrics: ['grad_norm'] },
];

export type XAxis = 'step' | 'epoch' | 'time';

export interface XY {
  x: number;
  y: number;
}

function valueOf(point: ChartPoint, metric: string): number | undefined {
  const raw = point.values[metric];
  if (raw === undefined) return undefined;
  return typeof raw === 'number' ? raw : Number(raw);
}

/**
 * One metric of one run as x/y pairs, ready for chart.js (sorted by x, finite values only).
 * When trainer_log.jsonl carries the metric, only its points count: the same loss also printed
 * on stdout would otherwise be drawn twice. Time needs trainer_log's elapsed seconds, so a
 * stdout-only metric falls back to nothing on the time axis rather than inventing times.
 * `smoothing` in [0, 1) is an exponential moving average, debiased like TensorBoard's so the
 * first points are not dragged towards zero.
 */
export function metricSeries(points: readonly ChartPoint[], metric: string, axis: XAxis, smoothing = 0): XY[] {
  const columns = new RunColumns();
  columns.append(points);
  return columns.series(metric, axis, smoothing);
}

/** The metrics of a panel that a run actually has. */
export function metricsPresent(points: readonly ChartPoint[], metrics: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const point of points) for (const key of Object.keys(point.values)) seen.add(key);
  return metrics.filter((m) => seen.has(m));
}

/** Every point of some runs as CSV: one row per point, one column per metric. */
export function pointsCsv(runs: ReadonlyArray<{ jobId: string; points: readonly ChartPoint[] }>): string {
  const metrics = new Set<string>();
  for (const run of runs) for (const point of run.points) for (const key of Object.keys(point.values)) metrics.add(key);
  const columns = [...metrics].sort();
  const cell = (v: string | number | undefined) => {
    const text = v === undefined ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [['job', 'source', 'step', 'epoch', 'elapsed_s', ...columns].join(',')];
  for (const run of runs) {
    for (const p of run.points) rows.push([run.jobId, p.source, p.step, p.epoch, p.elapsed, ...columns.map((c) => p.values[c])].map(cell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

interface Column {
  step: number[];
  epoch: number[];
  time: number[];
  y: number[];
  fromLog: boolean[];
}

/**
 * A run's points pivoted into one column per metric, filled as points arrive (each point is
 * read once). Drawing a series then walks plain number arrays instead of every point's value
 * map, which is what keeps a 100k-point redraw fast.
 */
export class RunColumns {
  private readonly columns = new Map<string, Column>();
  private readonly logMetrics = new Set<string>();
  private processed = 0;

  /** Takes the points not seen yet; false when `points` is not the array it was fed (start again). */
  append(points: readonly ChartPoint[]): boolean {
    if (points.length < this.processed) return false;
    for (let i = this.processed; i < points.length; i++) {
      const point = points[i];
      const log = point.source === 'trainer-log';
      for (const metric in point.values) {
        const y = valueOf(point, metric);
        if (y === undefined) continue;
        let column = this.columns.get(metric);
        if (!column) this.columns.set(metric, (column = { step: [], epoch: [], time: [], y: [], fromLog: [] }));
        column.step.push(point.step ?? NaN);
        column.epoch.push(point.epoch ?? NaN);
        column.time.push(point.elapsed ?? NaN);
        column.y.push(y);
        column.fromLog.push(log);
        if (log) this.logMetrics.add(metric);
      }
    }
    this.processed = points.length;
    return true;
  }

  has(metric: string): boolean {
    return this.columns.has(metric);
  }

  /** Same rules as metricSeries (trainer_log preferred, finite only, sorted, debiased EMA). */
  series(metric: string, axis: XAxis, smoothing = 0): XY[] {
    const column = this.columns.get(metric);
    if (!column) return [];
    const xs = axis === 'step' ? column.step : axis === 'epoch' ? column.epoch : column.time;
    const onlyLog = this.logMetrics.has(metric);
    const out: XY[] = [];
    let sorted = true;
    for (let i = 0; i < xs.length; i++) {
      if (onlyLog && !column.fromLog[i]) continue;
      const x = xs[i];
      const y = column.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (out.length && x < out[out.length - 1].x) sorted = false;
      out.push({ x, y });
    }
    if (!sorted) out.sort((a, b) => a.x - b.x);
    if (smoothing > 0) {
      let average = 0;
      let weight = 1;
      for (let i = 0; i < out.length; i++) {
        average = smoothing * average + (1 - smoothing) * out[i].y;
        weight *= smoothing;
        out[i].y = average / (1 - weight);
      }
    }
    return out;
  }
}

/**
 * Min/max decimation for drawing: the x range cut into `buckets` slices, each keeping its first,
 * lowest, highest and last point in x order. Every spike and dip stays visible (a NaN alert's
 * neighbourhood, a grad-norm explosion), and chart.js gets at most 4 × buckets points however
 * long the run. Series shorter than that are returned as they are.
 */
export function decimateMinMax(data: readonly XY[], buckets: number): readonly XY[] {
  if (data.length <= buckets * 4) return data;
  const out: XY[] = [];
  const x0 = data[0].x;
  const span = data[data.length - 1].x - x0 || 1;
  let start = 0;
  while (start < data.length) {
    const bucket = Math.min(buckets - 1, Math.floor(((data[start].x - x0) / span) * buckets));
    let end = start;
    let min = start;
    let max = start;
    while (end + 1 < data.length && Math.min(buckets - 1, Math.floor(((data[end + 1].x - x0) / span) * buckets)) === bucket) {
      end++;
      if (data[end].y < data[min].y) min = end;
      if (data[end].y > data[max].y) max = end;
    }
    for (const i of [...new Set([start, min, max, end])].sort((a, b) => a - b)) out.push(data[i]);
    start = end + 1;
  }
  return out;
}
