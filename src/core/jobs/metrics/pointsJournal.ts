import type { FileIdentity } from '../remote/trainerLogFollow';
import type { MetricPoint, Progress, RunSummary } from './metricPoint';

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
  /** The run's end-of-run summary, when this batch read it. */
  summary?: RunSummary;
  /** trainer_log.jsonl only: the file the offset is in (a replaced or truncated log is a new file). */
  file?: FileIdentity;
}

export function journalLine(batch: JournalBatch): string {
  return `${JSON.stringify(batch, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))}\n`;
}

export interface JournalState {
  points: MetricPoint[];
  offsets: { log: number; 'trainer-log': number; trainerLogFile?: FileIdentity };
  progress?: Progress;
  summary?: RunSummary;
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
    if (batch.file) {
      // A new file starts again from its own offsets: the latest batch says where.
      state.offsets['trainer-log'] = batch.offset;
      state.offsets.trainerLogFile = batch.file;
    } else {
      state.offsets[batch.stream] = Math.max(state.offsets[batch.stream], batch.offset);
    }
    if (batch.progress) state.progress = batch.progress;
    if (batch.summary) state.summary = batch.summary;
  }
  return state;
}
