/**
 * Where a job lives on the host: `<workdir>/.tunelab/jobs/<id>/` holds the wrapper script, the
 * command, the pid, the combined stdout+stderr log, start and end times and the exit code. The
 * files are the job's state: anything (this extension, the CLI, a person with a shell) can read it.
 */
export interface JobPaths {
  root: string;
  dir: string;
  wrapper: string;
  command: string;
  log: string;
  pid: string;
  started: string;
  ended: string;
  exitCode: string;
  cancelled: string;
  meta: string;
}

export const JOBS_FOLDER = '.tunelab/jobs';

export function jobPaths(workdir: string, id: string): JobPaths {
  if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid job id ${id}`);
  const root = `${workdir.replace(/\/+$/, '')}/${JOBS_FOLDER}`;
  const dir = `${root}/${id}`;
  return {
    root,
    dir,
    wrapper: `${dir}/run.sh`,
    command: `${dir}/command.sh`,
    log: `${dir}/output.log`,
    pid: `${dir}/pid`,
    started: `${dir}/started_at`,
    ended: `${dir}/ended_at`,
    exitCode: `${dir}/exit_code`,
    cancelled: `${dir}/cancel_requested`,
    meta: `${dir}/job.json`,
  };
}

/** A sortable, readable job id: `20261124-233015-k3x9`. */
export function newJobId(now: Date, random: () => number = Math.random): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const suffix = Array.from({ length: 4 }, () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(random() * 32)]).join('');
  return `${stamp}-${suffix}`;
}

/** A working directory as typed (`~/runs`, `runs`, `/data/runs`) made absolute with the remote home. */
export function resolveRemotePath(path: string, home: string): string {
  const trimmed = path.trim();
  if (trimmed === '' || trimmed === '~') return home;
  if (trimmed.startsWith('~/')) return `${home.replace(/\/+$/, '')}/${trimmed.slice(2)}`;
  if (trimmed.startsWith('/')) return trimmed.replace(/\/+$/, '') || '/';
  return `${home.replace(/\/+$/, '')}/${trimmed}`;
}
