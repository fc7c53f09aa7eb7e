import type { MetricPoint, Progress } from './metricPoint';
import { canonicalName, durationSeconds, numberFrom } from './metricPoint';

/**
 * One line of LLaMA-Factory's `trainer_log.jsonl`: `current_steps`, `total_steps`, `loss`,
 * `eval_loss`, `reward`, `accuracy`, `lr` (older: `learning_rate`), `epoch`, `elapsed_time`,
 * `remaining_time`, optional `throughput` (a string) and `total_tokens`. Nulls are skipped
 * (older versions wrote them); lines with progress only give progress.
 */
export function parseTrainerLogLine(line: string): { point?: MetricPoint; progress?: Progress } | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(
      text
        .replace(/\bNaN\b/g, '"nan"')
        .replace(/-Infinity\b/g, '"-inf"')
        .replace(/\bInfinity\b/g, '"inf"'),
    );
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const fields = record as Record<string, unknown>;
  const step = numberFrom(fields.current_steps);
  const total = numberFrom(fields.total_steps);
  const elapsed = durationSeconds(fields.elapsed_time);
  const values: Record<string, number> = {};
  for (const [key, raw] of Object.entries(fields)) {
    if (raw === null) continue;
    const name = canonicalName(key);
    const value = numberFrom(raw);
    if (name && value !== undefined) values[name] = value;
  }
  const result: { point?: MetricPoint; progress?: Progress } = {};
  if (step !== undefined && total !== undefined) result.progress = { current: step, total, elapsed, remaining: durationSeconds(fields.remaining_time) };
  if (Object.keys(values).length) {
    const point: MetricPoint = { values, source: 'trainer-log' };
    if (step !== undefined) point.step = step;
    const epoch = numberFrom(fields.epoch);
    if (epoch !== undefined) point.epoch = epoch;
    if (elapsed !== undefined) point.elapsed = elapsed;
    result.point = point;
  }
  return result.point || result.progress ? result : undefined;
}
