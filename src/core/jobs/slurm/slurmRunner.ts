import { msg } from '../../../shared/messageTemplate';
import { JobError } from '../jobError';
import type { JobRecord } from '../jobRecord';
import type { RemoteHost } from '../remoteHost';
import type { RemoteJobStatus } from '../remote/jobStatus';
import type { BatchScriptSpec } from './batchScript';
import { batchScript, launcherEnv, launcherTemplate, nodeScript, SLURM_FILES } from './batchScript';
import type { SlurmOptions } from './slurmOptions';
import type { SlurmStatus } from './slurmParse';
import { parseSacct, parseSbatchParsable, parseScontrolJob, parseSqueue } from './slurmParse';
import { scancelScript, slurmProbeScript, slurmStatusScript, submitScript } from './slurmScripts';
import { jobStateOfSlurm, pickSlurmInfo } from './slurmState';

/** Refuses a host without sbatch/squeue/scancel before anything is uploaded. */
export async function checkSlurmHost(host: RemoteHost): Promise<void> {
  const out = (await host.exec(slurmProbeScript())).stdout;
  const missing = ['sbatch', 'squeue', 'scancel', 'scontrol'].filter((tool) => !new RegExp(`^${tool}=yes$`, 'm').test(out));
  if (missing.length)
    throw new JobError(msg("This host has no {0}: a Slurm job is submitted from a login node with Slurm's commands on its PATH."), [missing.join(', ')]);
}

/** The batch script and the node script as they will be written (shown before submission). */
export function slurmFiles(spec: BatchScriptSpec): Record<string, string> {
  return { [SLURM_FILES.batch]: batchScript(spec), [SLURM_FILES.node]: nodeScript(spec) };
}

/**
 * The batch script as it will be submitted, for showing before submission: the real folder is
 * known only once the host has answered (its home), so the preview names it as typed and the
 * job id as JOB_ID; everything else, directives included, is what sbatch will get.
 */
export function slurmPreview(options: SlurmOptions, workdir: string, commandTemplate: string): string {
  const dir = `${workdir.replace(/\/+$/, '')}/.tunelab/jobs/JOB_ID`;
  const spec = { options, jobDir: dir, workdir, jobId: 'JOB_ID', useBash: true };
  return [
    `# ${SLURM_FILES.batch}`,
    batchScript(spec),
    `# ${SLURM_FILES.node}`,
    nodeScript(spec),
    `# command.sh runs on each node:`,
    `# ${launcherTemplate(options.launcher, commandTemplate)}`,
    ...Object.entries(launcherEnv(options.launcher)).map(([k, v]) => `# with ${k}=${v}`),
    '',
  ].join('\n');
}

/** Writes slurm.sh and node.sh into the job folder and submits; the record then holds the Slurm job id. */
export async function submitSlurmJob(host: RemoteHost, record: JobRecord, spec: BatchScriptSpec): Promise<JobRecord> {
  for (const [name, text] of Object.entries(slurmFiles(spec))) await host.writeFile(`${spec.jobDir}/${name}`, text, 0o700);
  const result = await host.exec(submitScript(spec.jobDir));
  const slurmJobId = result.code === 0 ? parseSbatchParsable(result.stdout) : undefined;
  if (!slurmJobId)
    throw new JobError(msg('sbatch refused the job: {0}'), [(result.stderr.trim() || result.stdout.trim() || `exit ${result.code ?? '?'}`).slice(0, 2000)]);
  return { ...record, state: 'pending', slurm: { ...record.slurm, options: spec.options, jobId: slurmJobId, state: 'PENDING' } };
}

/** Parses slurmStatusScript's blocks into job statuses (exported for tests). */
export function parseSlurmStatus(output: string, jobs: ReadonlyArray<{ slurmJobId: string }>): RemoteJobStatus[] {
  const out: RemoteJobStatus[] = [];
  for (const block of output.split('\x1e').slice(1)) {
    const [label, ...rest] = block.split('\n');
    const job = jobs[Number(label)];
    if (!job) continue;
    const field = (key: string) => rest.filter((l) => l.startsWith(`${key} `)).map((l) => l.slice(key.length + 1));
    const num = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
    const info = pickSlurmInfo(
      parseSqueue(field('squeue').join('\n'), job.slurmJobId),
      parseSacct(field('sacct').join('\n'), job.slurmJobId),
      parseScontrolJob(field('scontrol').join('\n'), job.slurmJobId),
    );
    const dir = field('dir')[0] === '1';
    const exitFile = num(field('exit')[0]);
    const base = { label, logBytes: num(field('log')[0]) ?? 0, startedAt: num(field('started')[0]), endedAt: num(field('ended')[0]) };
    if (!info) {
      // The scheduler no longer knows the job (it ended long ago, or on another cluster): the folder tells what it can.
      out.push({ ...base, state: !dir ? 'missing' : exitFile === undefined ? 'lost' : exitFile === 0 ? 'finished' : 'failed', exitCode: exitFile });
      continue;
    }
    const slurm: SlurmStatus = { ...info, position: info.state === 'PENDING' ? num(field('position')[0]) : undefined };
    out.push({ ...base, state: jobStateOfSlurm(info), exitCode: info.exitCode ?? exitFile, slurm });
  }
  return out;
}

export async function slurmJobStatuses(host: RemoteHost, records: readonly JobRecord[]): Promise<Map<string, RemoteJobStatus>> {
  const out = new Map<string, RemoteJobStatus>();
  const jobs = records.filter((r) => r.slurm?.jobId).map((r) => ({ record: r, jobDir: r.jobDir, slurmJobId: r.slurm?.jobId ?? '' }));
  if (!jobs.length) return out;
  for (const status of parseSlurmStatus((await host.exec(slurmStatusScript(jobs))).stdout, jobs)) {
    const job = jobs[Number(status.label)];
    if (job) out.set(job.record.id, status);
  }
  return out;
}

/** scancel: Slurm signals every node's processes and ends the allocation; the state follows from squeue/sacct. */
export async function cancelSlurmJob(host: RemoteHost, record: JobRecord): Promise<'requested' | 'missing'> {
  const out = (await host.exec(scancelScript(record.slurm?.jobId ?? '', record.jobDir))).stdout;
  return /result=requested/.test(out) ? 'requested' : 'missing';
}
