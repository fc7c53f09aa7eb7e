import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { msg } from '../../shared/messageTemplate';
import { buildLaunchRequest } from '../../core/jobs/launchRequest';
import { hostGpus, launchJob } from '../../core/jobs/jobRunner';
import { settingDefinitions } from '../../core/settings/settings';
import { guessLauncher } from '../../core/jobs/slurm/batchScript';
import type { SlurmOptions } from '../../core/jobs/slurm/slurmOptions';
import { checkSlurmOptions, slurmOptionsOf } from '../../core/jobs/slurm/slurmOptions';
import { slurmPreview } from '../../core/jobs/slurm/slurmRunner';
import { localize } from '../localize';
import type { CliIo } from '../cliIo';
import { EXIT_OK, UsageError } from '../cliIo';
import type { JobArgs } from './jobArgs';
import { launcherFlag, wholeNumberFlag } from './jobArgs';
import { connectorFromArgs, jobStore, targetFromArgs } from './jobContext';
import { followRecord } from './jobFollow';
import { launchOnHosts, targetsFromArgs } from './jobLaunchMulti';

/** The Slurm options of `--slurm`: flags over nothing (the CLI reads no settings). */
function slurmFromArgs(args: JobArgs, template: string): SlurmOptions {
  const v = args.values;
  const int = wholeNumberFlag;
  const launcher = launcherFlag(v.launcher);
  return slurmOptionsOf(
    undefined,
    {
      partition: v.partition,
      account: v.account,
      qos: v.qos,
      time: v.time,
      gres: v.gres,
      constraint: v.constraint,
      jobName: v['job-name'],
      nodes: int('nodes', v.nodes),
      gpusPerNode: int('gpus-per-node', v['gpus-per-node']),
      launcher: launcher,
    },
    guessLauncher(template),
  );
}

export async function jobLaunch(args: JobArgs, io: CliIo): Promise<number> {
  const config = args.positionals[0];
  if (!config) throw new UsageError('which config? tunelab job launch <config> --host <host>');
  if (args.values.hosts && (args.values.host || args.values.slurm))
    throw new UsageError('--hosts launches on several hosts itself: leave out --host and --slurm');
  const targets = args.values.hosts ? targetsFromArgs(args, io) : undefined;
  const target = targets?.[0] ?? targetFromArgs(args, io);
  const env: Record<string, string> = {};
  for (const pair of args.values.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.slice(0, eq))) throw new UsageError(`--env takes NAME=value, not '${pair}'`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const configPath = resolve(config);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${config}`);
  }
  const { request, notes } = buildLaunchRequest(configPath, text, resolve(args.values.project ?? '.'), target, {
    workdir: args.values.workdir ?? settingDefinitions['jobs.workdir'].defaultValue,
    commandTemplate: args.values.command ?? settingDefinitions['jobs.commandTemplate'].defaultValue,
    setup: args.values.setup ?? '',
    env,
  });
  for (const note of notes) io.stderr.write(`tunelab: ${localize(note.message, note.args)}\n`);
  if (args.values.slurm) {
    request.slurm = slurmFromArgs(args, request.commandTemplate);
    checkSlurmOptions(request.slurm);
    if (args.values['show-script']) io.stderr.write(slurmPreview(request.slurm, request.workdir, request.commandTemplate));
  }
  const connect = connectorFromArgs(args, io);
  if (targets) {
    const record = await launchOnHosts(args, io, request, targets);
    const store = jobStore(io);
    store.save(record);
    io.stderr.write(
      `tunelab: ${localize(msg('Started job {0} on {1} hosts ({2}), meeting at {3}:{4}.'), [
        record.id,
        targets.length,
        targets.map((t) => t.name).join(', '),
        record.multiHost?.masterAddr ?? '',
        record.multiHost?.masterPort ?? '',
      ])}\n`,
    );
    io.stdout.write(`${record.id}\n`);
    return args.values.follow ? followRecord(store, record, args, io, () => connect(record.target)) : EXIT_OK;
  }
  const host = await connect(target);
  let record;
  try {
    // A login node's GPUs (if any) are not the job's: only a direct launch shows them.
    const gpus = request.slurm ? [] : await hostGpus(host);
    if (!gpus) io.stderr.write(`tunelab: ${localize(msg('{0} has no nvidia-smi: no GPU to show.'), [target.name])}\n`);
    for (const gpu of gpus ?? [])
      io.stderr.write(
        `  GPU ${gpu.index} ${gpu.name}: ${localize(msg('{0} of {1} MiB free, {2}% busy'), [gpu.freeMiB, gpu.totalMiB, gpu.utilizationPercent ?? '?'])}\n`,
      );
    record = await launchJob(host, request, (step, detail) => {
      if (step === 'upload' && detail?.file) io.stderr.write(`  ${localize(msg('uploading {0}'), [detail.file])}\n`);
      if (step === 'upload' && detail?.skipped) io.stderr.write(`  ${localize(msg('{0} unchanged files not uploaded again'), [detail.skipped])}\n`);
    });
  } finally {
    host.close();
  }
  const store = jobStore(io);
  store.save(record);
  if (record.slurm?.jobId)
    io.stderr.write(
      `tunelab: ${localize(msg('Submitted job {0} to Slurm on {1}: Slurm job {2}, script {3}.'), [record.id, target.name, record.slurm.jobId, `${record.jobDir}/slurm.sh`])}\n`,
    );
  else io.stderr.write(`tunelab: ${localize(msg('Started job {0} on {1} in {2} (pid {3}).'), [record.id, target.name, record.workdir, record.pid ?? '?'])}\n`);
  io.stdout.write(`${record.id}\n`);
  if (args.values.follow) return followRecord(store, record, args, io, () => connect(record.target));
  return EXIT_OK;
}
