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

function xOf(point: ChartPoint, axis: XAxis): number | undefined {
  return axis === 'step' ? point.step : axis === 'epoch' ? point.epoch : point.elapsed;
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
  const fromLog = points.some((p) => p.source === 'trainer-log' && valueOf(p, metric) !== undefined);
  const out: XY[] = [];
  for (const point of points) {
    if (fromLog && point.source !== 'trainer-log') continue;
    const y = valueOf(point, metric);
    const x = xOf(point, axis);
    if (y === undefined || x === undefined || !Number.isFinite(y) || !Number.isFinite(x)) continue;
    out.push({ x, y });
  }
  // Points arrive in order; a restarted trainer (resume from checkpoint) can repeat steps.
  for (let i = 1; i < out.length; i++) {
    if (out[i].x < out[i - 1].x) {
      out.sort((a, b) => a.x - b.x);
      break;
    }
  }
  if (smoothing > 0) {
    let average = 0;
    for (let i = 0; i < out.length; i++) {
      average = smoothing * average + (1 - smoothing) * out[i].y;
      out[i] = { x: out[i].x, y: average / (1 - smoothing ** (i + 1)) };
    }
  }
  return out;
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
