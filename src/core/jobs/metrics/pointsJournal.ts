import type { MetricPoint, Progress } from './metricPoint';

/**
 * A job's points on disk, as JSON lines appended in batches: each line holds the points read
 * from one stream up to a byte offset. Reading takes every complete line and the last offset
 * per stream, so a resumed job reads the remote files from exactly where the saved points end,
 * and a line torn by a crash is dropped together with its offset: no point lost, none twice.
 */
export interface JournalBatch {
  stream: 'log' | 'trainer-log';
  /** The stream's committed byte offset after these points. */
  offset: number;
  points: MetricPoint[];
  progress?: Progress;
}

export function journalLine(batch: JournalBatch): string {
  return `${JSON.stringify(batch, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))}\n`;
}

export interface JournalState {
  points: MetricPoint[];
  offsets: { log: number; 'trainer-log': number };
  progress?: Progress;
}

export function readJournal(text: string): JournalState {
  const state: JournalState = { points: [], offsets: { log: 0, 'trainer-log': 0 } };
  const lines = text.split('\n');
  // The last element is whatever follows the final line break: complete only if empty.
  for (const line of lines.slice(0, -1)) {
    let batch: JournalBatch;
    try {
      batch = JSON.parse(line) as JournalBatch;
    } catch {
      continue;
    }
    if ((batch.stream !== 'log' && batch.stream !== 'trainer-log') || typeof batch.offset !== 'number' || !Array.isArray(batch.points)) continue;
    for (const point of batch.points) {
      for (const [k, v] of Object.entries(point.values)) {
        if (typeof v === 'string') point.values[k] = Number(v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);
      }
      state.points.push(point);
    }
    state.offsets[batch.stream] = Math.max(state.offsets[batch.stream], batch.offset);
    if (batch.progress) state.progress = batch.progress;
  }
  return state;
}
