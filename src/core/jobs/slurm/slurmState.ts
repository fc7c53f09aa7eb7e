import type { JobState } from '../remote/jobStatus';
import type { SlurmJobInfo } from './slurmParse';

/** Slurm states in which the job has not ended (it may still write to its logs). */
const ACTIVE = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'STOPPED',
  'RESV_DEL_HOLD',
]);

/** Slurm's word for an ended job, as TuneLab names it (the view and the CLI show the detail). */
export type SlurmOutcome = 'completed' | 'failed' | 'cancelled' | 'timeout' | 'out-of-memory' | 'node-fail' | 'preempted' | 'boot-fail' | 'deadline';

const OUTCOMES: Record<string, SlurmOutcome> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMEOUT: 'timeout',
  OUT_OF_MEMORY: 'out-of-memory',
  NODE_FAIL: 'node-fail',
  PREEMPTED: 'preempted',
  BOOT_FAIL: 'boot-fail',
  DEADLINE: 'deadline',
  SPECIAL_EXIT: 'failed',
  REVOKED: 'cancelled',
};

export function isSlurmActive(state: string): boolean {
  return ACTIVE.has(state);
}

export function slurmOutcome(state: string): SlurmOutcome | undefined {
  return OUTCOMES[state];
}

/** TuneLab's job state for a Slurm state: pending while queued, then running, then how it ended. */
export function jobStateOfSlurm(info: SlurmJobInfo): JobState {
  if (info.state === 'PENDING' || info.state === 'REQUEUED' || info.state === 'REQUEUE_HOLD' || info.state === 'REQUEUE_FED') return 'pending';
  if (isSlurmActive(info.state)) return 'running';
  const outcome = slurmOutcome(info.state);
  if (outcome === 'completed') return 'finished';
  if (outcome === 'cancelled') return 'cancelled';
  if (outcome) return 'failed';
  return 'lost';
}

/**
 * The scheduler's answer that counts: squeue while the job is queued or running; once it ended,
 * sacct (exit codes, who cancelled), else scontrol (accounting off), else squeue's last word.
 */
export function pickSlurmInfo(squeue: SlurmJobInfo | undefined, sacct: SlurmJobInfo | undefined, scontrol: SlurmJobInfo | undefined): SlurmJobInfo | undefined {
  if (squeue && isSlurmActive(squeue.state)) return squeue;
  if (sacct && !isSlurmActive(sacct.state)) return sacct;
  if (scontrol) return scontrol;
  return sacct ?? squeue;
}

/**
 * The scheduler's detail worth showing next to a job's state, in Slurm's own words (the CLI
 * prints it as is): why it waits, where it runs, how it ended when "failed" says too little.
 */
export function slurmDetail(
  state: JobState,
  slurm: { state?: string; reason?: string; nodeList?: string; cancelledBy?: string } | undefined,
): string | undefined {
  if (!slurm?.state) return undefined;
  if (state === 'pending') return slurm.reason;
  if (state === 'running') return slurm.nodeList;
  if (state === 'cancelled') return slurm.cancelledBy ? `by ${slurm.cancelledBy}` : undefined;
  if (state === 'failed' || state === 'lost') return slurm.state === 'FAILED' ? undefined : slurm.state;
  return undefined;
}
