import { msg } from '../../shared/messageTemplate';
import type { JobRecord } from './jobRecord';
import { jobTitle } from './jobRecord';
import type { TrainingAlert } from './metrics/alertKinds';
import type { JobState } from './remote/jobStatus';

/** What a followed run can tell its user about; each kind has its own setting (`tunelab.jobs.notify.*`). */
export type NotificationKind = 'finished' | 'failed' | 'lost' | 'alert';

export interface JobNotification {
  jobId: string;
  kind: NotificationKind;
  severity: 'info' | 'warning' | 'error';
  /** English template with `{0}` placeholders; `alert` is the alert's own (localised separately). */
  message: string;
  args: Array<string | number>;
  alert?: TrainingAlert;
}

/**
 * The notification for a change of state of a followed job: only the ends a user waits for
 * (finished, failed, lost). A cancel is the user's own doing; a job still running says nothing.
 */
export function stateNotification(
  record: JobRecord,
  previous: JobState | undefined,
  next: JobState,
  exitCode: number | undefined,
): JobNotification | undefined {
  if (previous === next) return undefined;
  const title = jobTitle(record);
  const duration = record.startedAt && record.endedAt ? formatDuration(record.endedAt - record.startedAt) : '?';
  if (next === 'finished')
    return { jobId: record.id, kind: 'finished', severity: 'info', message: msg('Training job {0} finished after {1}.'), args: [title, duration] };
  // Slurm says how a job ended when "failed" says too little: its time limit, memory, a node.
  const slurmEnd = next === 'failed' && record.slurm?.state && record.slurm.state !== 'FAILED' ? record.slurm.state : undefined;
  if (slurmEnd)
    return {
      jobId: record.id,
      kind: 'failed',
      severity: 'error',
      message: msg('Training job {0} ended {1} (Slurm) after {2}: see its log.'),
      args: [title, slurmEnd, duration],
    };
  if (next === 'failed')
    return {
      jobId: record.id,
      kind: 'failed',
      severity: 'error',
      message: msg('Training job {0} failed with exit code {1} after {2}: see its log.'),
      args: [title, exitCode ?? '?', duration],
    };
  if (next === 'lost')
    return {
      jobId: record.id,
      kind: 'lost',
      severity: 'error',
      message: msg('Training job {0} was lost: nothing of it runs and it wrote no exit code (the host rebooted, or the job was killed from outside).'),
      args: [title],
    };
  return undefined;
}

/** A warning alert as a notification (explanations, `info` alerts, stay in the chart). */
export function alertNotification(record: JobRecord, alert: TrainingAlert): JobNotification | undefined {
  if (alert.severity !== 'warning') return undefined;
  return { jobId: record.id, kind: 'alert', severity: 'warning', message: msg('Training job {0}: {1}'), args: [jobTitle(record)], alert };
}

/** `1 h 05 min`, `3 min 20 s`, `12 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
