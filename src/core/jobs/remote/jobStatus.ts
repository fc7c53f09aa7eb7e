import type { SlurmStatus } from '../slurm/slurmParse';

/** What a job's folder (or, for a Slurm job, the scheduler) says about it. */
export type JobState = 'pending' | 'starting' | 'running' | 'finished' | 'failed' | 'cancelled' | 'lost' | 'missing';

export interface RemoteJobStatus {
  /** The label of the status line: the job's position in statusScript's list. */
  label: string;
  state: JobState;
  pid?: number;
  exitCode?: number;
  startedAt?: number;
  endedAt?: number;
  logBytes: number;
  /** A Slurm job: the scheduler's own state, reason, nodes and exit code. */
  slurm?: SlurmStatus;
}

/**
 * Parses the tab-separated lines of statusScript. The state follows from the
 * files: an exit code means it ended (0 finished, a cancel request cancelled, anything else
 * failed); no exit code and a live run.sh means running; neither means the job died without
 * a word (killed with the machine, say): lost, or cancelled if a cancel was requested.
 */
export function parseStatusLines(output: string): RemoteJobStatus[] {
  const out: RemoteJobStatus[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    const [label, kind, alive, pid, exitCode, started, ended, cancel, size] = line.split('\t');
    if (kind === 'missing') {
      out.push({ label, state: 'missing', logBytes: 0 });
      continue;
    }
    if (kind !== 'ok') continue;
    const num = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
    const code = num(exitCode);
    const cancelled = cancel === '1';
    let state: JobState;
    if (code !== undefined) state = cancelled ? 'cancelled' : code === 0 ? 'finished' : 'failed';
    else if (alive === '1') state = 'running';
    else if (num(pid) === undefined) state = 'starting';
    else state = cancelled ? 'cancelled' : 'lost';
    out.push({ label, state, pid: num(pid), exitCode: code, startedAt: num(started), endedAt: num(ended), logBytes: num(size) ?? 0 });
  }
  return out;
}

export function isActive(state: JobState): boolean {
  return state === 'pending' || state === 'starting' || state === 'running';
}
