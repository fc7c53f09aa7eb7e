import { msg } from '../../shared/messageTemplate';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { resolveHost } from '../../core/jobs/hosts/sshHosts';
import type { LaunchRequest } from '../../core/jobs/jobRunner';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { launchMultiHost } from '../../core/jobs/multihost/multiHostRunner';
import type { MultiHostOptions } from '../../core/jobs/multihost/multiHostOptions';
import { guessLauncher } from '../../core/jobs/slurm/batchScript';
import { localize } from '../localize';
import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import { readSshConfig } from './cliConnection';
import type { JobArgs } from './jobArgs';
import { launcherFlag, wholeNumberFlag } from './jobArgs';
import { connectorFromArgs, withIdentities } from './jobContext';

/** --hosts a,b[,c] as targets, in rank order (the first is the master). */
export function targetsFromArgs(args: JobArgs, io: CliIo): HostTarget[] {
  const specs = (args.values.hosts ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (specs.length < 2) throw new UsageError('--hosts takes two or more hosts, comma-separated: --hosts gpu1,gpu2');
  const config = readSshConfig(io.env);
  return specs.map((spec) => {
    const target = resolveHost(spec, config, []);
    if (!target) throw new UsageError(`--hosts: '${spec}' is not an ssh config alias or [user@]host[:port]`);
    return withIdentities(target, args);
  });
}

/** The rendezvous flags: --master-addr, --master-port, --shared-workdir, --launcher, --gpus-per-node. */
export function multiHostFromArgs(args: JobArgs, template: string): MultiHostOptions {
  const v = args.values;
  const int = wholeNumberFlag;
  const launcher = launcherFlag(v.launcher);
  return {
    masterAddr: v['master-addr'],
    masterPort: int('master-port', v['master-port']),
    sharedWorkdir: v['shared-workdir'] === true,
    gpusPerNode: int('gpus-per-node', v['gpus-per-node']),
    launcher: launcher ?? guessLauncher(template),
  };
}

/** `tunelab job launch <config> --hosts a,b`: the pre-check, then one launcher per host. */
export async function launchOnHosts(args: JobArgs, io: CliIo, request: LaunchRequest, targets: HostTarget[]): Promise<JobRecord> {
  const connect = connectorFromArgs(args, io);
  const { target: _first, slurm: _slurm, ...rest } = request;
  io.stderr.write(`  ${localize(msg('checking that every host reaches the master port…'), [])}\n`);
  return launchMultiHost(connect, { ...rest, targets, multiHost: multiHostFromArgs(args, request.commandTemplate) }, (step, detail) => {
    if (step === 'upload' && detail?.file) io.stderr.write(`  ${localize(msg('uploading {0}'), [detail.file])}\n`);
    if (step === 'upload' && detail?.skipped) io.stderr.write(`  ${localize(msg('{0} unchanged files not uploaded again'), [detail.skipped])}\n`);
  });
}
