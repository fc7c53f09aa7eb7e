import type { JobRecord } from './jobRecord';
import { trainerLogPath } from './jobRecord';
import { jobStatuses } from './jobRunner';
import type { FollowPosition, StreamSource } from './followStreams';
import { LogStream, TrainerLogStream } from './followStreams';
import type { JournalBatch } from './metrics/pointsJournal';
import type { RemoteHost } from './remoteHost';
import { isActive } from './remote/jobStatus';
import { jobPaths } from './remote/jobLayout';
import { followScript } from './remote/remoteScripts';
import { trainerLogFollowScript } from './remote/trainerLogFollow';
import type { RemoteJobStatus } from './remote/jobStatus';
import { slurmWatcher } from './slurm/slurmScripts';

export type { FollowPosition } from './followStreams';

export interface FollowSink {
  /** New points up to a committed byte offset of one stream: store them, then show them. */
  points(batch: JournalBatch): void;
  /** Raw text of output.log as it arrives (for the live log view). */
  logText?(text: string): void;
  /** The job's state changed (running, finished, failed, cancelled, lost). */
  state?(change: Partial<JobRecord>): void;
  /** The connection dropped; reconnecting in `delayMs`. */
  reconnecting?(attempt: number, delayMs: number, error: unknown): void;
}

export interface FollowOptions {
  connect(): Promise<RemoteHost>;
  signal?: AbortSignal;
  /** Waits between reconnection attempts, the last repeated (default 1, 2, 4, 8, 15, 30 s). */
  backoffMs?: readonly number[];
  /** How often points are handed to the sink while streaming. */
  flushMs?: number;
  /** How often a Slurm job's state is asked while following it (pending → running, the reason). */
  schedulerPollMs?: number;
}

/**
 * Follows a job until it ends: streams output.log and trainer_log.jsonl from the stored byte
 * offsets, turns them into points, and hands them to the sink in batches with the offsets they
 * reach. When the connection drops it reconnects with backoff and resumes from the last
 * committed offsets, so no point is lost or repeated. Resolves with the job's final state.
 */
export async function followJob(record: JobRecord, offsets: FollowPosition, sink: FollowSink, options: FollowOptions): Promise<Partial<JobRecord>> {
  const backoff = options.backoffMs ?? [1000, 2000, 4000, 8000, 15000, 30000];
  const position: FollowPosition = { ...offsets };
  let attempt = 0;
  for (;;) {
    if (options.signal?.aborted) return { state: record.state };
    let host: RemoteHost | undefined;
    try {
      host = await options.connect();
      attempt = 0;
      const final = await followOnce(host, record, position, sink, options);
      if (final) return final;
    } catch (error) {
      if (options.signal?.aborted) return { state: record.state };
      // A changed, revoked or rejected host key will not fix itself: retrying only repeats the refusal.
      if (isRefusal(error)) throw error;
      const delay = backoff[Math.min(attempt, backoff.length - 1)];
      attempt++;
      sink.reconnecting?.(attempt, delay, error);
      await sleep(delay, options.signal);
    } finally {
      host?.close();
    }
  }
}

async function followOnce(
  host: RemoteHost,
  record: JobRecord,
  position: FollowPosition,
  sink: FollowSink,
  options: FollowOptions,
): Promise<Partial<JobRecord> | undefined> {
  const before = (await jobStatuses(host, [record])).get(record.id);
  if (!before || before.state === 'missing') {
    const change = { state: 'missing' as const };
    sink.state?.(change);
    return change;
  }
  const running = isActive(before.state);
  sink.state?.({
    state: before.state,
    pid: before.pid,
    exitCode: before.exitCode,
    startedAt: before.startedAt,
    endedAt: before.endedAt,
    ...slurmChange(record, before),
  });
  const pid = running ? before.pid : undefined;
  // A Slurm job runs on other machines: a watcher on the login node stands in for its pid while it is queued or running.
  const watcher = running && record.slurm?.jobId ? slurmWatcher(record.slurm.jobId) : undefined;
  const decoder = new TextDecoder();
  const log = new LogStream(position, sink);
  const followers: Array<{ source: StreamSource; stream: ReturnType<RemoteHost['stream']> }> = [
    {
      source: log,
      stream: host.stream(followScript(jobPaths(record.workdir, record.id).log, position.log, pid, watcher), (chunk) => {
        sink.logText?.(decoder.decode(chunk, { stream: true }));
        log.push(chunk);
      }),
    },
  ];
  const trainerLog = trainerLogPath(record);
  if (trainerLog) {
    const frames = new TrainerLogStream(position, sink);
    followers.push({
      source: frames,
      stream: host.stream(trainerLogFollowScript(trainerLog, position['trainer-log'], position.trainerLogFile, record.staleTrainerLog, pid, watcher), (chunk) =>
        frames.push(chunk),
      ),
    });
  }
  const timer = setInterval(() => followers.forEach((f) => f.source.flush()), options.flushMs ?? 100);
  const scheduler = watcher ? watchScheduler(host, record, before, sink, options.schedulerPollMs ?? 5000) : undefined;
  const abort = () => followers.forEach((f) => f.stream.close());
  options.signal?.addEventListener('abort', abort);
  try {
    await Promise.all(followers.map((f) => f.stream.done));
  } finally {
    clearInterval(timer);
    if (scheduler) clearInterval(scheduler);
    options.signal?.removeEventListener('abort', abort);
  }
  followers.forEach((f) => f.source.flush());
  if (options.signal?.aborted) return { state: before.state };
  const after = (await jobStatuses(host, [record])).get(record.id);
  if (!after || isActive(after.state)) return undefined; // the streams stopped early: follow again
  // The job has ended: lines without a final line break count now.
  for (const f of followers) f.source.end();
  const change = { state: after.state, exitCode: after.exitCode, endedAt: after.endedAt, pid: after.pid, ...slurmChange(record, after) };
  sink.state?.(change);
  return change;
}

/**
 * While a Slurm job is followed, its streams say nothing about the queue: the scheduler is asked
 * every `everyMs` and a change while it is active (pending → running, another reason or queue
 * position) goes to the sink. How it ended is reported once the streams stop, as for any job.
 */
function watchScheduler(host: RemoteHost, record: JobRecord, before: RemoteJobStatus, sink: FollowSink, everyMs: number): ReturnType<typeof setInterval> {
  const key = (s: RemoteJobStatus) => [s.state, s.slurm?.state, s.slurm?.reason, s.slurm?.position, s.slurm?.nodeList].join('|');
  let last = key(before);
  let asking = false;
  return setInterval(() => {
    if (asking) return;
    asking = true;
    jobStatuses(host, [record])
      .then((all) => {
        const now = all.get(record.id);
        if (!now || !isActive(now.state) || key(now) === last) return;
        last = key(now);
        sink.state?.({ state: now.state, startedAt: now.startedAt, ...slurmChange(record, now) });
      })
      .catch(() => undefined) // a failed question changes nothing: the streams' end decides
      .finally(() => (asking = false));
  }, everyMs);
}

/** The scheduler's latest word, merged into the record's Slurm part. */
function slurmChange(record: JobRecord, status: RemoteJobStatus): Partial<JobRecord> {
  return record.slurm && status.slurm ? { slurm: { ...record.slurm, ...status.slurm } } : {};
}

/** A connection the host's key made TuneLab refuse (see connectionErrors.ts). */
export function isRefusal(error: unknown): boolean {
  const kind = (error as { explained?: { kind?: string } } | undefined)?.explained?.kind;
  return kind === 'host-key-mismatch' || kind === 'host-key-revoked' || kind === 'host-key-unknown';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
