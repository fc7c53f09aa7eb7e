import { msg } from '../../shared/messageTemplate';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { jobTitle } from '../../core/jobs/jobRecord';
import { cancelJob, deleteJobFolder, hostGpus, jobStatuses, statusChange } from '../../core/jobs/jobRunner';
import { jobPaths } from '../../core/jobs/remote/jobLayout';
import { isActive } from '../../core/jobs/remote/jobStatus';
import { slurmDetail } from '../../core/jobs/slurm/slurmState';
import { followScript } from '../../core/jobs/remote/remoteScripts';
import { settingDefinitions } from '../../core/settings/settings';
import { localize } from '../localize';
import type { CliIo } from '../cliIo';
import { EXIT_FINDINGS, EXIT_OK } from '../cliIo';
import type { JobArgs } from './jobArgs';
import { cancelOnHosts } from './jobCancelMulti';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { deleteMultiHost } from '../../core/jobs/multihost/multiHostRunner';
import { multiHostStatus } from '../../core/jobs/multihost/multiHostStatus';
import { connectorFromArgs, jobStore, recordFromArgs, targetFromArgs, withIdentities } from './jobContext';

/**
 * The jobs started from this machine. Jobs still running (as last seen) are asked about on their
 * hosts first, one connection per host; a host that cannot be reached keeps the last known state.
 */
export async function jobList(args: JobArgs, io: CliIo): Promise<number> {
  const store = jobStore(io);
  const connect = connectorFromArgs(args, io);
  const byHost = new Map<string, JobRecord[]>();
  const reach = (t: HostTarget) => connect(withIdentities(t, args));
  for (const record of store.list().filter((r) => isActive(r.state))) {
    // A multi-host job's state is every host's together (see multiHostStatus).
    if (record.multiHost) {
      try {
        store.update(record.id, statusChange(record, await multiHostStatus(reach, record)));
      } catch (error) {
        io.stderr.write(
          `tunelab: ${localize(msg('{0}: states not refreshed ({1})'), [record.target.name, error instanceof Error ? error.message : String(error)])}\n`,
        );
      }
      continue;
    }
    const key = `${record.target.user ?? ''}@${record.target.host}:${record.target.port}`;
    byHost.set(key, [...(byHost.get(key) ?? []), record]);
  }
  for (const records of byHost.values()) {
    try {
      const host = await connect(withIdentities(records[0].target, args));
      try {
        for (const [id, status] of await jobStatuses(host, records)) store.update(id, statusChange(records.find((r) => r.id === id) ?? records[0], status));
      } finally {
        host.close();
      }
    } catch (error) {
      io.stderr.write(
        `tunelab: ${localize(msg('{0}: states not refreshed ({1})'), [records[0].target.name, error instanceof Error ? error.message : String(error)])}\n`,
      );
    }
  }
  const records = store.list();
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    return EXIT_OK;
  }
  if (!records.length) {
    io.stderr.write(`${localize(msg('No jobs yet. Start one with: tunelab job launch <config> --host <host>'), [])}\n`);
    return EXIT_OK;
  }
  const rows = records.map((r) =>
    [
      r.id,
      stateWithDetail(r),
      r.progress ? `${r.progress.current}/${r.progress.total}` : '',
      jobTitle(r),
      new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 16),
    ].map(oneLine),
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    io.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  return EXIT_OK;
}

/** `pending (Resources)`, `failed (TIMEOUT)`: a Slurm job's state with the scheduler's word. */
export function stateWithDetail(record: JobRecord): string {
  const detail = slurmDetail(record.state, record.slurm);
  return detail ? `${record.state} (${detail})` : record.state;
}

/**
 * A table cell on one line: a config or host name may hold newlines, tabs or terminal escapes,
 * which would split a row or rewrite the terminal, so control characters are shown escaped.
 */
function oneLine(cell: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
  return cell.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export async function jobLog(args: JobArgs, io: CliIo): Promise<number> {
  const { record } = recordFromArgs(args, io);
  const host = await connectorFromArgs(args, io)(record.target);
  try {
    const stream = host.stream(followScript(jobPaths(record.workdir, record.id).log, 0, undefined), (chunk) => io.stdout.write(chunk));
    await stream.done;
  } finally {
    host.close();
  }
  return EXIT_OK;
}

export async function jobCancel(args: JobArgs, io: CliIo): Promise<number> {
  const { store, record } = recordFromArgs(args, io);
  if (record.multiHost) return cancelOnHosts(args, io, store, record);
  const host = await connectorFromArgs(args, io)(record.target);
  try {
    const result = await cancelJob(host, record, settingDefinitions['jobs.cancelGraceSeconds'].defaultValue);
    const status = (await jobStatuses(host, [record])).get(record.id);
    if (status) store.update(record.id, statusChange(record, status));
    const words: Record<typeof result, string> = {
      terminated: msg('Job {0} was cancelled.'),
      killed: msg('Job {0} did not stop on SIGTERM and was killed.'),
      'not-running': msg('Job {0} was not running.'),
      missing: msg('Job {0} has no folder on the host any more.'),
      requested: msg('Job {0}: scancel sent; Slurm ends it on every node.'),
    };
    io.stderr.write(`tunelab: ${localize(words[result], [record.id])}\n`);
    return result === 'terminated' || result === 'killed' || result === 'requested' ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    host.close();
  }
}

export async function jobDelete(args: JobArgs, io: CliIo): Promise<number> {
  const { store, record } = recordFromArgs(args, io);
  const connect = connectorFromArgs(args, io);
  if (record.multiHost) await deleteMultiHost((t) => connect(withIdentities(t, args)), record);
  else {
    const host = await connect(record.target);
    try {
      await deleteJobFolder(host, record);
    } finally {
      host.close();
    }
  }
  store.remove(record.id);
  io.stderr.write(`tunelab: ${localize(msg('Deleted job {0} and its folder on the host.'), [record.id])}\n`);
  return EXIT_OK;
}

export async function jobGpus(args: JobArgs, io: CliIo): Promise<number> {
  const target = targetFromArgs(args, io);
  const host = await connectorFromArgs(args, io)(target);
  try {
    const gpus = await hostGpus(host);
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify(gpus ?? null)}\n`);
    } else if (!gpus) {
      io.stderr.write(`tunelab: ${localize(msg('{0} has no nvidia-smi: no GPU to show.'), [target.name])}\n`);
      return EXIT_FINDINGS;
    } else {
      for (const g of gpus)
        io.stdout.write(`${g.index}  ${g.name}  ${localize(msg('{0} of {1} MiB free, {2}% busy'), [g.freeMiB, g.totalMiB, g.utilizationPercent ?? '?'])}\n`);
    }
    return gpus ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    host.close();
  }
}
