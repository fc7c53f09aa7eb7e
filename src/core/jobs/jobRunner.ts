import { msg } from '../../shared/messageTemplate';
import { JobError } from './jobError';
import type { HostTarget } from './hosts/sshHosts';
import type { Algorithm } from './metrics/algorithm';
import type { JobRecord } from './jobRecord';
import { trainerLogPath } from './jobRecord';
import type { RemoteHost } from './remoteHost';
import { checkTemplateOrThrow, commandForShell, placeholderEnv, renderCommand } from './remote/commandTemplate';
import type { GpuInfo } from './remote/gpus';
import { parseGpuCsv } from './remote/gpus';
import { JOBS_FOLDER, jobPaths, newJobId, resolveRemotePath } from './remote/jobLayout';
import type { RemoteJobStatus } from './remote/jobStatus';
import { isActive, parseStatusLines } from './remote/jobStatus';
import {
  cancelScript,
  commandScript,
  deleteScript,
  gpuScript,
  hashScript,
  launchScript,
  parseProbe,
  prepareScript,
  probeScript,
  statusScript,
  uploadTargetsScript,
  wrapperScript,
} from './remote/remoteScripts';
import { parseStaleFile, staleFileScript } from './remote/trainerLogFollow';
import type { UploadFile } from './uploadPlan';
import { sha256OfFile } from './uploadPlan';
import { isSafeRemoteRelative } from './uploadSafety';
import { checkSlurmFolders, launcherEnv, launcherTemplate, SLURM_FILES } from './slurm/batchScript';
import type { SlurmLauncher, SlurmOptions } from './slurm/slurmOptions';
import { checkSlurmOptions } from './slurm/slurmOptions';
import { cancelSlurmJob, checkSlurmHost, slurmJobStatuses, submitSlurmJob } from './slurm/slurmRunner';

export { JobError } from './jobError';

export interface LaunchRequest {
  target: HostTarget;
  /** The working directory as the user typed it (`~/runs`, `/data/x`). */
  workdir: string;
  configRemote: string;
  configLocal?: string;
  uploads: readonly UploadFile[];
  commandTemplate: string;
  setup?: string;
  env: Readonly<Record<string, string>>;
  outputDir?: string;
  stage?: string;
  /** The training algorithm the config names (alerts depend on it). */
  algorithm?: Algorithm;
  /** The config's scalar top-level values, as launched (the compare table reads them). */
  hyperparameters?: Readonly<Record<string, string | number | boolean>>;
  /** Submit to Slurm from this host (a login node) instead of running on it (see slurm/). */
  slurm?: SlurmOptions;
}

export interface LaunchProgress {
  (step: 'probe' | 'upload' | 'start', detail?: { file?: string; done?: number; total?: number; skipped?: number }): void;
}

/** Starts a job: checks the host, uploads what changed, writes the wrapper, starts it detached. */
export async function launchJob(host: RemoteHost, request: LaunchRequest, progress: LaunchProgress = () => undefined, now = new Date()): Promise<JobRecord> {
  const staged = await stageJob(host, request, progress, now);
  if (request.slurm)
    return submitSlurmJob(host, staged.record, {
      options: request.slurm,
      jobDir: staged.record.jobDir,
      workdir: staged.record.workdir,
      jobId: staged.record.id,
      useBash: staged.useBash,
    });
  return startStagedJob(host, staged.record, now);
}

/**
 * How one host of a multi-host launch differs from a single-host one (see multihost/): its own
 * job id, the launcher in front of the template, the rendezvous variables, and no uploads when
 * the working directory is shared and another host already wrote it.
 */
export interface StageOptions {
  jobId?: string;
  launcher?: SlurmLauncher;
  extraEnv?: Readonly<Record<string, string>>;
  skipUploads?: boolean;
}

/** Everything of a launch but the start: probe, upload, command.sh and run.sh, job.json. */
export async function stageJob(
  host: RemoteHost,
  request: LaunchRequest,
  progress: LaunchProgress = () => undefined,
  now = new Date(),
  stage: StageOptions = {},
): Promise<{ record: JobRecord; useBash: boolean }> {
  // Every remote path stays inside the working directory, checked before anything runs there.
  for (const remote of [request.configRemote, ...request.uploads.map((u) => u.remote)]) {
    if (!isSafeRemoteRelative(remote))
      throw new JobError(msg('{0} would be written outside the working directory on the host: nothing was launched.'), [remote]);
  }
  checkTemplateOrThrow(request.commandTemplate);
  if (request.slurm) checkSlurmOptions(request.slurm);
  progress('probe');
  const probe = parseProbe((await host.exec(probeScript())).stdout);
  if (!probe.home) throw new JobError(msg('The host did not answer a simple shell command: is its shell POSIX sh compatible?'), []);
  if (!probe.setsid) throw new JobError(msg('The host has no setsid, which TuneLab needs to run a job detached (util-linux on Linux).'), []);
  if (!probe.gnuTail) throw new JobError(msg('The host has no GNU tail, which TuneLab needs to follow a job (coreutils on Linux).'), []);
  if (request.slurm) await checkSlurmHost(host);
  const workdir = resolveRemotePath(request.workdir, probe.home);
  const id = stage.jobId ?? newJobId(now);
  const paths = jobPaths(workdir, id);
  if (request.slurm) checkSlurmFolders(paths.dir, workdir);
  const placeholders = { config: request.configRemote, workdir, output_dir: request.outputDir ?? '', job_id: id };
  // On Slurm each node runs the template behind its launcher (torchrun, accelerate…); the same placeholders apply.
  const launcherKind = request.slurm?.launcher ?? stage.launcher;
  const template = launcherKind ? launcherTemplate(launcherKind, request.commandTemplate) : request.commandTemplate;
  const uploads = stage.skipUploads ? [] : request.uploads;
  const commandLine = renderCommand(template, placeholders);
  await checked(host, prepareScript(workdir, paths));

  const targets = [...uploads.map((u) => u.remote), `${JOBS_FOLDER}/${id}/${request.slurm ? SLURM_FILES.batch : 'run.sh'}`];
  const checkedTargets = await host.exec(uploadTargetsScript(workdir, targets));
  if (checkedTargets.code !== 0)
    throw new JobError(msg('A command on the host failed: {0}'), [checkedTargets.stderr.trim() || `exit ${checkedTargets.code ?? '?'}`]);
  const verdicts = checkedTargets.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
  const refused = targets.find((_, i) => verdicts.find(([index]) => Number(index) === i)?.[1] !== 'ok');
  if (refused !== undefined)
    throw new JobError(msg('{0} on the host is a symlink or leads outside the working directory {1}: nothing was uploaded.'), [refused, workdir]);
  const remoteHashes = (
    await host.exec(
      hashScript(
        workdir,
        uploads.map((u) => u.remote),
      ),
    )
  ).stdout.split('\n');
  let skipped = 0;
  for (const [i, upload] of uploads.entries()) {
    const [size, hash] = (remoteHashes[i] ?? '-').split(' ');
    if (Number(size) === upload.size && hash === (await sha256OfFile(upload.local))) {
      skipped++;
      continue;
    }
    progress('upload', { file: upload.remote, done: i, total: uploads.length });
    await host.upload(upload.local, `${workdir}/${upload.remote}`);
  }
  progress('upload', { done: uploads.length, total: uploads.length, skipped });

  const launcher = launcherKind ? launcherEnv(launcherKind) : {};
  await host.writeFile(
    paths.command,
    commandScript({
      commandLine: commandForShell(template),
      setup: request.setup,
      env: { ...request.env, ...launcher, ...stage.extraEnv, ...placeholderEnv(placeholders) },
    }),
    0o700,
  );
  if (!request.slurm) await host.writeFile(paths.wrapper, wrapperScript(workdir, probe.bash), 0o700);
  const record: JobRecord = {
    id,
    target: request.target,
    workdir,
    jobDir: paths.dir,
    configRemote: request.configRemote,
    configLocal: request.configLocal,
    outputDir: request.outputDir,
    stage: request.stage,
    algorithm: request.algorithm,
    hyperparameters: request.hyperparameters,
    command: commandLine,
    createdAt: now.getTime(),
    state: 'starting',
  };
  if (request.slurm) record.slurm = { options: request.slurm };
  // A log already in the output folder is an earlier run's: remember which file and how much of it.
  const trainerLog = trainerLogPath(record);
  const stale = trainerLog ? parseStaleFile((await host.exec(staleFileScript(trainerLog))).stdout) : undefined;
  if (stale) record.staleTrainerLog = stale;
  await host.writeFile(
    paths.meta,
    `${JSON.stringify({ id, configRemote: record.configRemote, outputDir: record.outputDir, stage: record.stage, command: commandLine, createdAt: record.createdAt }, null, 1)}\n`,
  );
  progress('start');
  return { record, useBash: probe.bash };
}

/** Starts a staged job's run.sh detached; its pid makes it running. */
export async function startStagedJob(host: RemoteHost, record: JobRecord, now = new Date()): Promise<JobRecord> {
  const started = await host.exec(launchScript(jobPaths(record.workdir, record.id)));
  const pid = Number(/pid=(\d+)/.exec(started.stdout)?.[1]);
  if (!pid) throw new JobError(msg('The job did not start: {0}'), [started.stderr.trim() || 'run.sh wrote no pid']);
  return { ...record, pid, state: 'running', startedAt: Math.round(now.getTime() / 1000) };
}

/** The state of each job, as its folder on the host says. */
export async function jobStatuses(host: RemoteHost, all: readonly JobRecord[]): Promise<Map<string, RemoteJobStatus>> {
  const out = await slurmJobStatuses(
    host,
    all.filter((r) => r.slurm?.jobId),
  );
  const records = all.filter((r) => !r.slurm?.jobId);
  if (!records.length) return out;
  const lines = parseStatusLines((await host.exec(statusScript(records.map((r) => r.jobDir)))).stdout);
  for (const status of lines) {
    const record = records[Number(status.label)];
    if (record) out.set(record.id, status);
  }
  return out;
}

/** What a status says, as a change to the job's record (the scheduler's word merged into its Slurm part). */
export function statusChange(record: JobRecord, status: RemoteJobStatus): Partial<JobRecord> {
  const change: Partial<JobRecord> = { state: status.state, exitCode: status.exitCode, endedAt: status.endedAt };
  if (record.slurm && status.slurm) change.slurm = { ...record.slurm, ...status.slurm };
  return change;
}

export async function cancelJob(
  host: RemoteHost,
  record: JobRecord,
  graceSeconds = 10,
): Promise<'terminated' | 'killed' | 'not-running' | 'missing' | 'requested'> {
  if (record.slurm?.jobId) return cancelSlurmJob(host, record);
  const out = (await host.exec(cancelScript(jobPaths(record.workdir, record.id), graceSeconds))).stdout;
  const result = /result=([\w-]+)/.exec(out)?.[1];
  return result === 'terminated' || result === 'killed' || result === 'not-running' || result === 'missing' ? result : 'missing';
}

export async function deleteJobFolder(host: RemoteHost, record: JobRecord): Promise<void> {
  // A Slurm job has no process on this host to find: the scheduler says whether it still runs.
  if (record.slurm?.jobId) {
    const status = (await slurmJobStatuses(host, [record])).get(record.id);
    if (status && isActive(status.state)) throw new JobError(msg('The job is still running: cancel it before deleting its folder.'), []);
  }
  const out = (await host.exec(deleteScript(jobPaths(record.workdir, record.id)))).stdout;
  if (/result=running/.test(out)) throw new JobError(msg('The job is still running: cancel it before deleting its folder.'), []);
  if (!/result=deleted/.test(out)) throw new JobError(msg('The job folder could not be deleted: {0}'), [out.trim()]);
}

export async function hostGpus(host: RemoteHost): Promise<GpuInfo[] | undefined> {
  return parseGpuCsv((await host.exec(gpuScript())).stdout);
}

async function checked(host: RemoteHost, script: string): Promise<void> {
  const result = await host.exec(script);
  if (result.code !== 0) throw new JobError(msg('A command on the host failed: {0}'), [result.stderr.trim() || `exit ${result.code ?? '?'}`]);
}
