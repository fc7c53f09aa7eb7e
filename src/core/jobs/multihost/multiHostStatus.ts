import { msg } from '../../../shared/messageTemplate';
import { JobError } from '../jobError';
import type { JobRecord } from '../jobRecord';
import { jobStatuses } from '../jobRunner';
import type { RemoteHost } from '../remoteHost';
import type { HostTarget } from '../hosts/sshHosts';
import type { JobState, RemoteJobStatus } from '../remote/jobStatus';
import { isActive } from '../remote/jobStatus';
import type { MultiHostNode } from './multiHostRecord';

/** One host's part of a multi-host job as a record of its own (its folder, its pid), for the single-host functions. */
export function nodeRecord(record: JobRecord, node: MultiHostNode): JobRecord {
  return { ...record, id: node.jobId, target: node.target, workdir: node.workdir, jobDir: node.jobDir, pid: node.pid, multiHost: undefined, slurm: undefined };
}

/**
 * The job's state from every host's: running while any launcher runs; once all have ended,
 * failed if any failed (with the first non-zero exit code, rank order), lost if any died
 * without a word, cancelled if a cancel was asked, finished only when every host finished.
 * Rank 0's pid and log size are the job's (its log is the one followed).
 */
export function combineStatuses(statuses: readonly RemoteJobStatus[]): RemoteJobStatus {
  const first = statuses[0];
  const states = statuses.map((s) => s.state);
  const pick = (...order: JobState[]) => order.find((s) => states.includes(s));
  let state: JobState;
  if (states.every((s) => s === 'missing')) state = 'missing';
  else if (states.some(isActive)) state = pick('running', 'starting', 'pending') ?? 'running';
  else state = pick('failed', 'lost', 'missing', 'cancelled') ?? 'finished';
  const exitCode = state === 'failed' ? statuses.find((s) => s.exitCode !== undefined && s.exitCode !== 0)?.exitCode : first.exitCode;
  const times = (k: 'startedAt' | 'endedAt') => statuses.map((s) => s[k]).filter((v): v is number => v !== undefined);
  const ended = isActive(state) ? [] : times('endedAt');
  return {
    label: first.label,
    state,
    pid: first.pid,
    exitCode,
    startedAt: times('startedAt').length ? Math.min(...times('startedAt')) : undefined,
    endedAt: ended.length ? Math.max(...ended) : undefined,
    logBytes: first.logBytes,
  };
}

/** Every host's status, rank order; a host that cannot be reached makes it throw, naming the host. */
export async function multiHostStatus(connect: (target: HostTarget) => Promise<RemoteHost>, record: JobRecord): Promise<RemoteJobStatus> {
  const nodes = record.multiHost?.nodes ?? [];
  const statuses = await Promise.all(
    nodes.map(async (node) => {
      let host: RemoteHost;
      try {
        host = await connect(node.target);
      } catch (error) {
        throw new JobError(msg('{0} (host {1} of job {2}) could not be reached: {3}'), [
          node.target.name,
          node.rank,
          record.id,
          error instanceof Error ? error.message : String(error),
        ]);
      }
      try {
        const one = nodeRecord(record, node);
        return (await jobStatuses(host, [one])).get(one.id) ?? { label: '0', state: 'missing' as const, logBytes: 0 };
      } finally {
        host.close();
      }
    }),
  );
  return combineStatuses(statuses);
}
