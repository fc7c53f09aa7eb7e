import { msg } from '../../../shared/messageTemplate';
import type { HostTarget } from '../hosts/sshHosts';
import { JobError } from '../jobError';
import type { JobRecord } from '../jobRecord';
import type { LaunchProgress, LaunchRequest } from '../jobRunner';
import { cancelJob, deleteJobFolder, hostGpus, stageJob, startStagedJob } from '../jobRunner';
import type { RemoteHost } from '../remoteHost';
import { checkTemplateOrThrow } from '../remote/commandTemplate';
import { newJobId } from '../remote/jobLayout';
import { isSafeRemoteRelative } from '../uploadSafety';
import type { MultiHostNode } from './multiHostRecord';
import type { MultiHostOptions } from './multiHostOptions';
import { rankEnv, rendezvousOf } from './multiHostOptions';
import { nodeRecord } from './multiHostStatus';
import { checkRendezvousPort } from './portCheck';

export type Connect = (target: HostTarget) => Promise<RemoteHost>;

export interface MultiHostLaunchRequest extends Omit<LaunchRequest, 'target' | 'slurm'> {
  /** Every host, in rank order: the first is the master (rank 0), whose logs and metrics are followed. */
  targets: HostTarget[];
  multiHost: MultiHostOptions;
}

/**
 * Launches one detached launcher per host, all with the same MASTER_ADDR, MASTER_PORT and
 * NNODES and their own NODE_RANK. Order: connect to every host, check the rendezvous port
 * (nothing is written before it passes), stage each host (upload, command.sh, run.sh; uploads
 * once when the working directory is shared), then start rank 0 and the others. If a host fails
 * to start, the hosts already started are cancelled. Returns rank 0's record with every host in it.
 */
export async function launchMultiHost(
  connect: Connect,
  request: MultiHostLaunchRequest,
  progress: LaunchProgress = () => undefined,
  now = new Date(),
  precheckSeconds = 10,
): Promise<JobRecord> {
  const rendezvous = rendezvousOf(request.targets, request.multiHost);
  for (const remote of [request.configRemote, ...request.uploads.map((u) => u.remote)]) {
    if (!isSafeRemoteRelative(remote))
      throw new JobError(msg('{0} would be written outside the working directory on the host: nothing was launched.'), [remote]);
  }
  checkTemplateOrThrow(request.commandTemplate);
  const opened = await Promise.allSettled(request.targets.map((t) => connect(t)));
  const hosts = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  try {
    const failed = opened.findIndex((o) => o.status === 'rejected');
    if (failed >= 0) throw (opened[failed] as PromiseRejectedResult).reason;
    progress('probe');
    await checkRendezvousPort(hosts, request.targets, rendezvous, precheckSeconds);
    const procs = await Promise.all(hosts.map(async (h) => request.multiHost.gpusPerNode ?? Math.max(1, (await hostGpus(h))?.length ?? 1)));
    const id = newJobId(now);
    const staged: JobRecord[] = [];
    for (const [rank, host] of hosts.entries()) {
      const { record } = await stageJob(host, { ...request, target: request.targets[rank], slurm: undefined }, progress, now, {
        jobId: rank === 0 ? id : `${id}-node${rank}`,
        launcher: request.multiHost.launcher,
        extraEnv: rankEnv(rendezvous, hosts.length, rank, procs[rank]),
        skipUploads: request.multiHost.sharedWorkdir === true && rank > 0,
      });
      staged.push(record);
    }
    const nodes: MultiHostNode[] = staged.map((r, rank) => ({ rank, target: r.target, workdir: r.workdir, jobId: r.id, jobDir: r.jobDir }));
    const started: number[] = [];
    for (const [rank, host] of hosts.entries()) {
      try {
        nodes[rank].pid = (await startStagedJob(host, staged[rank], now)).pid;
        started.push(rank);
      } catch (error) {
        // A partial rendezvous would wait forever: the hosts already started are stopped.
        await Promise.allSettled(started.map((r) => cancelJob(hosts[r], nodeRecord(staged[0], nodes[r]), 2)));
        throw new JobError(msg('The job did not start on {0} ({1}); the hosts already started were stopped.'), [
          request.targets[rank].name,
          error instanceof Error ? error.message : String(error),
        ]);
      }
    }
    return {
      ...staged[0],
      pid: nodes[0].pid,
      state: 'running',
      startedAt: Math.round(now.getTime() / 1000),
      multiHost: { ...rendezvous, launcher: request.multiHost.launcher, sharedWorkdir: request.multiHost.sharedWorkdir === true, nodes },
    };
  } finally {
    for (const host of hosts) host.close();
  }
}

export type CancelResult = Awaited<ReturnType<typeof cancelJob>>;

/**
 * Cancels every host's launcher at once. Each host's answer (or why it could not be reached) is
 * returned; the job's result is the strongest: killed, terminated, not running, missing.
 */
export async function cancelMultiHost(
  connect: Connect,
  record: JobRecord,
  graceSeconds = 10,
): Promise<{ result: CancelResult; nodes: Array<{ rank: number; name: string; result?: CancelResult; error?: string }> }> {
  const nodes = record.multiHost?.nodes ?? [];
  const answers = await Promise.all(
    nodes.map(async (node) => {
      try {
        const host = await connect(node.target);
        try {
          return { rank: node.rank, name: node.target.name, result: await cancelJob(host, nodeRecord(record, node), graceSeconds) };
        } finally {
          host.close();
        }
      } catch (error) {
        return { rank: node.rank, name: node.target.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const order: CancelResult[] = ['killed', 'terminated', 'requested', 'not-running', 'missing'];
  const result = order.find((r) => answers.some((a) => a.result === r));
  if (!result)
    throw new JobError(msg('No host of job {0} could be reached to cancel it: {1}'), [record.id, answers.map((a) => `${a.name}: ${a.error}`).join('; ')]);
  return { result, nodes: answers };
}

/** Deletes every host's job folder (each refuses while its launcher runs). */
export async function deleteMultiHost(connect: Connect, record: JobRecord): Promise<void> {
  for (const node of record.multiHost?.nodes ?? []) {
    const host = await connect(node.target);
    try {
      await deleteJobFolder(host, nodeRecord(record, node));
    } finally {
      host.close();
    }
  }
}
