import type { MetricPoint, Progress, RunSummary } from './metricPoint';
import { canonicalName, numberFrom, runSummaryOf } from './metricPoint';
import { parsePythonDict } from './pythonDict';
import { parseTqdmLine } from './tqdmLine';
import { parseTrainerLogLine } from './trainerLogLine';

export type LogEvent = { kind: 'point'; point: MetricPoint } | { kind: 'progress'; progress: Progress } | { kind: 'summary'; summary: RunSummary };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** A dict wrapped over more lines than this is not a log dict: give up on it. */
const MAX_DICT_LINES = 50;

/**
 * Turns a byte stream (a job's output.log or trainer_log.jsonl, from any byte offset) into
 * metric points and progress. Lines end at `\n` or `\r` (tqdm redraws with `\r`). It keeps
 * `committedOffset`, the byte after the last line fully used, so a reader resumed there after a
 * dropped connection neither loses nor repeats a point: a partial last line, or a Python dict
 * still being continued on the next lines, stays uncommitted until it is complete.
 */
export class MetricLogReader {
  private pending: Uint8Array = new Uint8Array(0);
  private dict: { text: string; lines: number; startOffset: number } | undefined;
  private lastProgress: Progress | undefined;
  /** The total of the training progress bar (see progressFrom). */
  private trainingTotal = 0;
  private readonly decoder = new TextDecoder();
  /** Offset of the first byte of `pending`. */
  private pendingOffset: number;

  constructor(
    private readonly format: 'trainer-log' | 'stdout',
    startOffset = 0,
  ) {
    this.pendingOffset = startOffset;
  }

  /** Where to resume reading: everything before it has been turned into events. */
  get committedOffset(): number {
    return this.dict ? this.dict.startOffset : this.pendingOffset;
  }

  /** The latest progress seen (tqdm or trainer_log), used to place stdout points on a step. */
  get progress(): Progress | undefined {
    return this.lastProgress;
  }

  push(chunk: Uint8Array): LogEvent[] {
    const events: LogEvent[] = [];
    const data = this.pending.length ? concat(this.pending, chunk) : chunk;
    let start = 0;
    // Next \n and \r at or after `start`, each found once and reused: tqdm's many \r must not
    // make every line rescan the chunk for a distant \n.
    let nextNewline = data.indexOf(NEWLINE, 0);
    let nextReturn = data.indexOf(CARRIAGE_RETURN, 0);
    for (;;) {
      if (nextNewline >= 0 && nextNewline < start) nextNewline = data.indexOf(NEWLINE, start);
      if (nextReturn >= 0 && nextReturn < start) nextReturn = data.indexOf(CARRIAGE_RETURN, start);
      const end = nextNewline < 0 ? nextReturn : nextReturn < 0 ? nextNewline : Math.min(nextNewline, nextReturn);
      if (end < 0) break;
      const lineOffset = this.pendingOffset + start;
      if (end > start) this.line(this.decoder.decode(data.subarray(start, end)), lineOffset, events);
      start = end + 1;
    }
    this.pendingOffset += start;
    this.pending = start < data.length ? data.slice(start) : new Uint8Array(0);
    return events;
  }

  /** The stream ended (the job finished): a last line without a line break counts too. */
  end(): LogEvent[] {
    const events: LogEvent[] = [];
    if (this.pending.length) {
      this.line(this.decoder.decode(this.pending), this.pendingOffset, events);
      this.pendingOffset += this.pending.length;
      this.pending = new Uint8Array(0);
    }
    this.dict = undefined;
    return events;
  }

  private line(text: string, offset: number, events: LogEvent[]): void {
    if (this.format === 'trainer-log') {
      const parsed = parseTrainerLogLine(text);
      if (parsed?.progress) {
        this.lastProgress = parsed.progress;
        events.push({ kind: 'progress', progress: parsed.progress });
      }
      if (parsed?.point) events.push({ kind: 'point', point: parsed.point });
      return;
    }
    if (this.dict) {
      this.dict.text += ` ${text.trim()}`;
      this.dict.lines++;
      if (text.includes('}')) this.finishDict(events);
      else if (this.dict.lines > MAX_DICT_LINES) this.dict = undefined;
      return;
    }
    const open = text.indexOf("{'");
    if (open >= 0) {
      // A bar redrawn without a line break can share its line with the dict printed after it.
      if (open > 0) this.progressFrom(text.slice(0, open), events);
      const body = text.slice(open);
      if (body.trimEnd().endsWith('}')) {
        this.emitDict(body, events);
      } else if (!body.includes('}')) {
        this.dict = { text: body.trimEnd(), lines: 1, startOffset: offset };
      }
      return;
    }
    this.progressFrom(text, events);
  }

  /**
   * Progress from a tqdm bar, if it is the training bar. Trainers print other bars too: labelled
   * ones (`Loading checkpoint shards:`, `Running tokenizer on dataset:`) and, during evaluation,
   * an unlabelled bar over the eval batches. The training bar is the unlabelled one with the
   * largest total seen; the others must not move the step that stdout points are placed on.
   */
  private progressFrom(text: string, events: LogEvent[]): void {
    if (!text.includes('%|')) return;
    const progress = parseTqdmLine(text);
    if (!progress || tqdmLabel(text)) return;
    if (progress.total < this.trainingTotal) return;
    this.trainingTotal = progress.total;
    this.lastProgress = progress;
    events.push({ kind: 'progress', progress });
  }

  private finishDict(events: LogEvent[]): void {
    const text = this.dict?.text ?? '';
    this.dict = undefined;
    this.emitDict(text.slice(0, text.lastIndexOf('}') + 1), events);
  }

  private emitDict(text: string, events: LogEvent[]): void {
    const fields = parsePythonDict(text);
    if (!fields) return;
    const summary = runSummaryOf(fields);
    if (summary) {
      events.push({ kind: 'summary', summary });
      return;
    }
    const values: Record<string, number> = {};
    for (const [key, raw] of Object.entries(fields)) {
      const name = canonicalName(key);
      const value = numberFrom(raw);
      if (name && value !== undefined) values[name] = value;
    }
    if (!Object.keys(values).length) return;
    const point: MetricPoint = { values, source: 'stdout' };
    const epoch = numberFrom(fields.epoch);
    if (epoch !== undefined) point.epoch = epoch;
    const step = numberFrom(fields.step ?? fields.global_step) ?? this.lastProgress?.current;
    if (step !== undefined) point.step = step;
    events.push({ kind: 'point', point });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The text before a tqdm bar's percentage (`Loading checkpoint shards`), empty for a bare bar. */
function tqdmLabel(text: string): string {
  const bar = /(\d+)%\|/.exec(text);
  if (!bar) return '';
  return text
    .slice(0, bar.index)
    .replace(/[\s:]+$/, '')
    .trim();
}
