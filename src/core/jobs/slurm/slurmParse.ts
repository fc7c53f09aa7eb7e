/**
 * Parsers for what Slurm's tools print. Each is asked for an explicit, machine-readable format
 * (see slurmScripts.ts), so nothing depends on a site's default columns: `squeue -h -o
 * '%i|%T|%r|%D|%N'`, `sacct -X -n -P -o JobID,State,ExitCode,NNodes,NodeList`, `scontrol -o show job`.
 */

/** A Slurm job id as sbatch prints it (array and het-job suffixes included). */
export const SLURM_JOB_ID = /^\d+(?:[_+]\d+)?$/;

/** `sbatch --parsable` prints `<id>` or `<id>;<cluster>`; warnings may come before it. */
export function parseSbatchParsable(stdout: string): string | undefined {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+)(?:;[\w.-]+)?$/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

/** What the scheduler says about one job. `state` is Slurm's own word (PENDING, TIMEOUT, …). */
export interface SlurmJobInfo {
  state: string;
  /** Why it waits (Priority, Resources, QOSMaxJobsPerUserLimit…); absent when Slurm says None. */
  reason?: string;
  nodes?: number;
  nodeList?: string;
  /** The batch script's exit code and the signal that ended it, from `ExitCode=code:signal`. */
  exitCode?: number;
  signal?: number;
  /** The uid that cancelled it (`CANCELLED by 1000`). */
  cancelledBy?: string;
}

/** What the scheduler said last, kept in the job record (the view and the status bar show it). */
export interface SlurmStatus extends SlurmJobInfo {
  /** Place among pending jobs, by priority (1 = next). */
  position?: number;
}

const none = (s: string | undefined) => (s && s !== 'None' && s !== '(null)' && s !== 'N/A' && s !== '(None)' ? s : undefined);
const int = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : undefined);

/** `CANCELLED by 1000` → CANCELLED and the uid; `CANCELLED+` (sacct's truncation) → CANCELLED. */
function splitState(raw: string): { state: string; cancelledBy?: string } {
  const m = /^([A-Z_]+)\+?(?:\s+by\s+(\S+))?/.exec(raw.trim());
  return m ? { state: m[1], ...(m[2] ? { cancelledBy: m[2] } : {}) } : { state: raw.trim() };
}

function exitParts(raw: string | undefined): { exitCode?: number; signal?: number } {
  const m = /^(\d+):(\d+)$/.exec(raw?.trim() ?? '');
  return m ? { exitCode: Number(m[1]), signal: Number(m[2]) } : {};
}

/** One line of `squeue -h -o '%i|%T|%r|%D|%N'` for the job, or undefined when it is not there. */
export function parseSqueue(output: string, jobId: string): SlurmJobInfo | undefined {
  for (const line of output.split('\n')) {
    const [id, state, reason, nodes, nodeList] = line.trim().split('|');
    if (id !== jobId || !state) continue;
    return { ...splitState(state), reason: none(reason), nodes: int(nodes), nodeList: none(nodeList) };
  }
  return undefined;
}

/**
 * `sacct -j <id> -X -n -P -o JobID,State,ExitCode,NNodes,NodeList`: the allocation's line
 * (-X leaves out the steps; a requeued job can have several lines, the last is current).
 */
export function parseSacct(output: string, jobId: string): SlurmJobInfo | undefined {
  let found: SlurmJobInfo | undefined;
  for (const line of output.split('\n')) {
    const [id, state, exit, nodes, nodeList] = line.trim().split('|');
    if (id !== jobId || !state) continue;
    found = { ...splitState(state), ...exitParts(exit), nodes: int(nodes), nodeList: none(nodeList) };
  }
  return found;
}

/**
 * `scontrol -o show job <id>`: one line of `Key=Value` words, used when accounting is off
 * (sacct then says "Slurm accounting storage is disabled"); it knows a job until MinJobAge
 * after it ended. Only keys that come before any free-text field are read.
 */
export function parseScontrolJob(output: string, jobId: string): SlurmJobInfo | undefined {
  const line = output.split('\n').find((l) => new RegExp(`(^|\\s)JobId=${jobId}(\\s|$)`).test(l));
  if (!line) return undefined;
  const value = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
  const state = value('JobState');
  if (!state) return undefined;
  return {
    ...splitState(state),
    reason: none(value('Reason')),
    ...exitParts(value('ExitCode')),
    nodes: int(value('NumNodes')),
    nodeList: none(value('NodeList')),
  };
}
