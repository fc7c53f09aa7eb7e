import { parseArgs } from 'node:util';

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
