import { parseArgs } from 'node:util';
import type { SlurmLauncher } from '../../core/jobs/slurm/slurmOptions';
import { SLURM_LAUNCHERS } from '../../core/jobs/slurm/slurmOptions';
import { UsageError } from '../cliIo';

/** The options every `tunelab job` subcommand accepts, parsed once by the dispatcher. */
export const JOB_OPTIONS = {
  host: { type: 'string' },
  workdir: { type: 'string' },
  project: { type: 'string' },
  command: { type: 'string' },
  setup: { type: 'string' },
  env: { type: 'string', multiple: true },
  follow: { type: 'boolean' },
  slurm: { type: 'boolean' },
  partition: { type: 'string' },
  account: { type: 'string' },
  qos: { type: 'string' },
  time: { type: 'string' },
  nodes: { type: 'string' },
  'gpus-per-node': { type: 'string' },
  gres: { type: 'string' },
  constraint: { type: 'string' },
  'job-name': { type: 'string' },
  launcher: { type: 'string' },
  hosts: { type: 'string' },
  'master-addr': { type: 'string' },
  'master-port': { type: 'string' },
  'shared-workdir': { type: 'boolean' },
  'show-script': { type: 'boolean' },
  identity: { type: 'string', multiple: true },
  'accept-new-host-key': { type: 'boolean' },
  'known-hosts': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  log: { type: 'boolean' },
  new: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type JobArgs = ReturnType<typeof parseJobArgs>;

export function parseJobArgs(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, options: JOB_OPTIONS });
}

/** A flag that takes a whole number (`--nodes`, `--master-port`, …); undefined when absent. */
export function wholeNumberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} takes a whole number, not '${value}'`);
  return Number(value);
}

/** `--launcher`, one of the launchers the batch script and the multi-host launch know. */
export function launcherFlag(value: string | undefined): SlurmLauncher | undefined {
  if (value !== undefined && !SLURM_LAUNCHERS.includes(value as SlurmLauncher)) throw new UsageError(`--launcher is one of ${SLURM_LAUNCHERS.join(', ')}`);
  return value as SlurmLauncher | undefined;
}
