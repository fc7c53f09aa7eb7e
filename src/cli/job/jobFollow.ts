import { msg } from '../../shared/messageTemplate';
import { followJob } from '../../core/jobs/jobFollower';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { JobStore } from '../../core/jobs/jobStore';
import { AlertDetector } from '../../core/jobs/metrics/alerts';
import type { MetricPoint } from '../../core/jobs/metrics/metricPoint';
import type { JobNotification } from '../../core/jobs/notifications';
import { alertNotification, stateNotification } from '../../core/jobs/notifications';
import type { RemoteHost } from '../../core/jobs/remoteHost';
import { slurmDetail } from '../../core/jobs/slurm/slurmState';
import { localize } from '../localize';
import type { CliIo } from '../cliIo';
import { EXIT_FINDINGS, EXIT_OK } from '../cliIo';
import type { JobArgs } from './jobArgs';
import { connectorFromArgs, recordFromArgs } from './jobContext';

export async function jobFollow(args: JobArgs, io: CliIo): Promise<number> {
  const { store, record } = recordFromArgs(args, io);
  const connect = connectorFromArgs(args, io);
  return followRecord(store, record, args, io, () => connect(record.target));
}

/** One metric point as a JSON line; NaN and infinities (not JSON) as strings. */
export function pointLine(jobId: string, point: MetricPoint): string {
  const values: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(point.values)) values[k] = Number.isFinite(v) ? v : String(v);
  return `${JSON.stringify({ job: jobId, source: point.source, step: point.step, epoch: point.epoch, elapsed: point.elapsed, values })}\n`;
}

/**
 * Follows a job until it ends, printing points as JSON lines (or, with --log, its output). The
 * points go to the local store first, so a follow stopped by Ctrl-C or a dropped link resumes
 * exactly where it stopped; by default the stored points are printed first, so the output is
 * always the whole series once.
 */
export async function followRecord(store: JobStore, record: JobRecord, args: JobArgs, io: CliIo, connect: () => Promise<RemoteHost>): Promise<number> {
  const logMode = args.values.log === true;
  const journal = store.journal(record.id);
  const detector = new AlertDetector(record.algorithm ?? record.stage);
  let index = 0;
  // The notifications VS Code would show, as lines on stderr (`tunelab: …`); stored points
  // printed again on a resumed follow do not announce their alerts a second time.
  const notify = (n: JobNotification) => {
    const text = n.alert ? localize(n.message, [...n.args, localize(n.alert.message, n.alert.args)]) : localize(n.message, n.args);
    io.stderr.write(`tunelab: ${text}\n`);
  };
  const emit = (point: MetricPoint, print: boolean, live: boolean) => {
    if (print && !logMode) io.stdout.write(pointLine(record.id, point));
    for (const alert of detector.add(point, index++)) {
      if (alert.severity === 'info') io.stderr.write(`tunelab: ${localize(alert.message, alert.args)}\n`);
      else if (!live) io.stderr.write(`tunelab: ${localize(msg('alert: {0}'), [localize(alert.message, alert.args)])}\n`);
      else notify(alertNotification(store.get(record.id) ?? record, alert)!);
    }
  };
  for (const point of journal.points) emit(point, !args.values.new, false);
  const controller = new AbortController();
  const stop = () => controller.abort();
  io.signal?.addEventListener('abort', stop);
  let state = record.state;
  try {
    const final = await followJob(
      record,
      // --log shows the output from its start; points are then only counted, not stored again.
      logMode ? { log: 0, 'trainer-log': journal.offsets['trainer-log'] } : journal.offsets,
      {
        points: (batch) => {
          if (logMode) return;
          store.append(record.id, batch);
          for (const point of batch.points) emit(point, true, true);
          if (batch.progress) store.update(record.id, { progress: batch.progress });
          if (batch.summary) store.update(record.id, { summary: batch.summary });
        },
        logText: logMode ? (text) => io.stdout.write(text) : undefined,
        state: (change) => {
          if (change.state && change.state !== state) {
            const detail = slurmDetail(change.state, change.slurm);
            io.stderr.write(`tunelab: ${localize(msg('job {0}: {1}'), [record.id, detail ? `${change.state} (${detail})` : change.state])}\n`);
          }
          const previous = store.get(record.id)?.state;
          state = change.state ?? state;
          store.update(record.id, { ...change, detached: false });
          const updated = store.get(record.id);
          const notification = change.state && updated ? stateNotification(updated, previous, change.state, updated.exitCode) : undefined;
          if (notification) notify(notification);
        },
        reconnecting: (attempt, delayMs, error) => {
          io.stderr.write(
            `tunelab: ${localize(msg('connection lost ({0}); reconnecting in {1} s (attempt {2})'), [error instanceof Error ? error.message : String(error), Math.round(delayMs / 1000), attempt])}\n`,
          );
        },
      },
      { connect, signal: controller.signal, flushMs: 200 },
    );
    state = final.state ?? state;
  } finally {
    io.signal?.removeEventListener('abort', stop);
  }
  if (controller.signal.aborted) {
    io.stderr.write(`tunelab: ${localize(msg('Stopped following; job {0} keeps running. Follow it again with: tunelab job follow {0}'), [record.id])}\n`);
    return 130;
  }
  const exitCode = store.get(record.id)?.exitCode;
  if (state !== 'finished') io.stderr.write(`tunelab: ${localize(msg('job {0} ended {1} (exit code {2})'), [record.id, state, exitCode ?? '?'])}\n`);
  return state === 'finished' ? EXIT_OK : EXIT_FINDINGS;
}
