import { formatCompact } from '../../shared/chartFormat';
import type { ComparisonRow, RunComparison } from '../../shared/protocol/trainingChart';
import type { JobRecord } from './jobRecord';
import type { MetricPoint } from './metrics/metricPoint';
import { formatDuration } from './notifications';

/** One run to compare: its record, its config's top-level values (when the local file is there), its points. */
export interface ComparedRun {
  record: JobRecord;
  config?: Readonly<Record<string, unknown>>;
  points: readonly MetricPoint[];
}

/** Lower is better for losses and KL; higher for rewards, margins and accuracies. */
const METRICS: ReadonlyArray<{ key: string; better: 'min' | 'max' }> = [
  { key: 'loss', better: 'min' },
  { key: 'eval_loss', better: 'min' },
  { key: 'reward', better: 'max' },
  { key: 'reward_margin', better: 'max' },
  { key: 'reward_accuracy', better: 'max' },
  { key: 'accuracy', better: 'max' },
  { key: 'kl', better: 'min' },
];

/** Keys that differ between runs of one experiment without being a choice (where outputs go). */
const NOT_HYPERPARAMETERS = new Set(['output_dir', 'logging_dir', 'run_name']);
const MAX_PARAMS = 40;

/**
 * The compare table: state, duration and steps; the config keys whose values differ between
 * the runs (the hyperparameters that explain the curves); and each metric's final and best
 * value. A metric's values come from trainer_log.jsonl when the run has it there, as the chart
 * draws it, so the stdout copy of the same loss is not counted twice.
 */
export function compareRuns(runs: readonly ComparedRun[], now = Date.now() / 1000): RunComparison {
  const rows: ComparisonRow[] = [];
  const column = (f: (run: ComparedRun) => string) => runs.map(f);
  rows.push({ key: 'state', kind: 'info', values: column((r) => r.record.state) });
  rows.push({
    key: 'duration',
    kind: 'info',
    values: column(({ record }) => (record.startedAt ? formatDuration((record.endedAt ?? now) - record.startedAt) : '')),
  });
  rows.push({ key: 'steps', kind: 'info', values: column(({ record }) => (record.progress ? `${record.progress.current}/${record.progress.total}` : '')) });

  const configs = runs.map((r) => r.config ?? {});
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))].filter((k) => !NOT_HYPERPARAMETERS.has(k)).sort();
  let params = 0;
  for (const key of keys) {
    const values = configs.map((c) => (key in c ? show(c[key]) : '—'));
    if (new Set(values).size > 1 && params++ < MAX_PARAMS) rows.push({ key, kind: 'param', values });
  }

  for (const { key, better } of METRICS) {
    const series = runs.map((r) => valuesOf(r.points, key));
    if (series.every((s) => !s.length)) continue;
    rows.push({ key, kind: 'final', values: series.map((s) => (s.length ? formatCompact(s[s.length - 1]) : '')) });
    rows.push({ key, kind: 'best', values: series.map((s) => (s.length ? formatCompact(better === 'min' ? Math.min(...s) : Math.max(...s)) : '')) });
  }
  return { jobIds: runs.map((r) => r.record.id), rows };
}

function valuesOf(points: readonly MetricPoint[], key: string): number[] {
  const fromLog = points.some((p) => p.source === 'trainer-log' && key in p.values);
  return points.filter((p) => (!fromLog || p.source === 'trainer-log') && Number.isFinite(p.values[key])).map((p) => p.values[key]);
}

function show(value: unknown): string {
  if (typeof value === 'number') return formatCompact(value, 6);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
