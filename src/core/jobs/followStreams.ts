import type { LogEvent } from './metrics/metricLogReader';
import { MetricLogReader } from './metrics/metricLogReader';
import type { MetricPoint, Progress, RunSummary } from './metrics/metricPoint';
import type { JournalBatch } from './metrics/pointsJournal';
import type { FileIdentity } from './remote/trainerLogFollow';
import { FrameDecoder } from './remote/trainerLogFollow';

/** Where each stream stands: byte offsets, and which trainer_log.jsonl the offset is in. */
export interface FollowPosition {
  log: number;
  'trainer-log': number;
  trainerLogFile?: FileIdentity;
}

/** What a stream hands on: batches of points up to a committed offset. */
export interface BatchSink {
  points(batch: JournalBatch): void;
}

/** One followed stream, turned into journal batches. */
export interface StreamSource {
  /** Hands on what is complete so far (called on a timer and when the stream stops). */
  flush(): void;
  /** The job has ended: a last line without a line break counts too. */
  end(): void;
}

/** Collects a reader's events between flushes. */
class Pending {
  points: MetricPoint[] = [];
  progress: Progress | undefined;
  summary: RunSummary | undefined;

  take(events: LogEvent[]): void {
    for (const event of events) {
      if (event.kind === 'point') this.points.push(event.point);
      else if (event.kind === 'progress') this.progress = event.progress;
      else this.summary = event.summary;
    }
  }

  batch(stream: JournalBatch['stream'], offset: number, file?: FileIdentity): JournalBatch {
    const batch: JournalBatch = { stream, offset, points: this.points };
    if (this.progress) batch.progress = this.progress;
    if (this.summary) batch.summary = this.summary;
    if (file) batch.file = file;
    this.points = [];
    this.progress = undefined;
    this.summary = undefined;
    return batch;
  }

  get empty(): boolean {
    return !this.points.length && !this.summary;
  }
}

/** output.log: TuneLab's own file, append-only, streamed by `tail -F` from a byte offset. */
export class LogStream implements StreamSource {
  private readonly reader: MetricLogReader;
  private readonly pending = new Pending();

  constructor(
    private readonly position: FollowPosition,
    private readonly sink: BatchSink,
  ) {
    this.reader = new MetricLogReader('stdout', position.log);
  }

  push(chunk: Uint8Array): void {
    this.pending.take(this.reader.push(chunk));
  }

  flush(): void {
    if (this.reader.committedOffset === this.position.log && this.pending.empty) return;
    const batch = this.pending.batch('log', this.reader.committedOffset);
    this.position.log = batch.offset;
    this.sink.points(batch);
  }

  end(): void {
    this.pending.take(this.reader.end());
    this.flush();
  }
}

/**
 * trainer_log.jsonl, streamed as frames (see trainerLogFollow.ts). A frame from another file, or
 * from an earlier offset of the same file (truncated), starts a new reader there: the old file's
 * unfinished line is dropped and none of its bytes is read again.
 */
export class TrainerLogStream implements StreamSource {
  private readonly decoder = new FrameDecoder();
  private reader: MetricLogReader | undefined;
  /** The byte after the last one received, in `file`. */
  private received: number;
  private file: FileIdentity | undefined;
  private fileChanged = false;
  private readonly pending = new Pending();

  constructor(
    private readonly position: FollowPosition,
    private readonly sink: BatchSink,
  ) {
    this.file = position.trainerLogFile;
    this.received = position['trainer-log'];
    if (this.file) this.reader = new MetricLogReader('trainer-log', this.received);
  }

  push(chunk: Uint8Array): void {
    for (const frame of this.decoder.push(chunk)) {
      if (!this.reader || !this.file || frame.file.ino !== this.file.ino || frame.offset !== this.received) {
        this.reader = new MetricLogReader('trainer-log', frame.offset);
        this.fileChanged = true;
      }
      this.file = frame.file;
      this.received = frame.offset + frame.data.length;
      this.pending.take(this.reader.push(frame.data));
    }
  }

  flush(): void {
    if (!this.reader || !this.file) return;
    if (!this.fileChanged && this.reader.committedOffset === this.position['trainer-log'] && this.pending.empty) return;
    const batch = this.pending.batch('trainer-log', this.reader.committedOffset, this.file);
    this.fileChanged = false;
    this.position['trainer-log'] = batch.offset;
    this.position.trainerLogFile = this.file;
    this.sink.points(batch);
  }

  end(): void {
    if (this.reader) this.pending.take(this.reader.end());
    this.flush();
  }
}
