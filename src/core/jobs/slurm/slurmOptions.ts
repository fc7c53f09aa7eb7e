import { msg } from '../../../shared/messageTemplate';
import { JobError } from '../jobError';

/**
 * What a Slurm launch asks the scheduler for. These values end up in `#SBATCH` lines, which
 * Slurm reads itself (no shell expands a variable there, and sbatch splits the line on spaces
 * and quotes), so each value must match a strict character set and is refused otherwise: no
 * space, quote, `$`, backtick, `#`, `%` or line break can ever reach the script.
 */
export interface SlurmOptions {
  partition?: string;
  account?: string;
  qos?: string;
  /** Slurm's time format: `minutes`, `HH:MM:SS`, `D-HH`, `D-HH:MM:SS`… */
  time?: string;
  nodes: number;
  /** GPUs per node (`--gpus-per-node`); 0 or absent asks for none. */
  gpusPerNode?: number;
  /** A generic resource string instead of --gpus-per-node (`gpu:a100:8`). */
  gres?: string;
  constraint?: string;
  /** The job's name in the queue; TuneLab's job id when absent. */
  jobName?: string;
  /** How one node starts its training processes (see launcherCommand). */
  launcher: SlurmLauncher;
  /** The rendezvous port on the first node. */
  masterPort?: number;
}

/**
 * llamafactory: `llamafactory-cli train` with FORCE_TORCHRUN=1, which reads NNODES, NODE_RANK,
 * MASTER_ADDR and MASTER_PORT itself. torchrun / accelerate: the command template is the
 * training script and its arguments, prefixed with the rendezvous flags (TRL, Axolotl).
 * plain: the command template runs as written on each node.
 */
export type SlurmLauncher = 'llamafactory' | 'torchrun' | 'accelerate' | 'plain';
export const SLURM_LAUNCHERS: readonly SlurmLauncher[] = ['llamafactory', 'torchrun', 'accelerate', 'plain'];

export const DEFAULT_MASTER_PORT = 29500;

/** Names Slurm accepts for partitions, accounts, QoS and job names, and nothing a parser could misread. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** A partition list may be comma-separated (`gpu,gpu-long`). */
const NAME_LIST = /^[A-Za-z0-9][A-Za-z0-9._-]*(,[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
/** minutes | minutes:seconds | hours:minutes:seconds | days-hours[:minutes[:seconds]] | UNLIMITED. */
const TIME = /^(\d{1,6}(:\d{1,2}){0,2}|\d{1,4}-\d{1,2}(:\d{1,2}){0,2}|UNLIMITED|unlimited)$/;
/** gres: `gpu`, `gpu:8`, `gpu:a100:8`, comma-separated. */
const GRES = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){0,2}(,[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){0,2})*$/;
/** Feature expressions: names joined by `&`, `|`, `,`, with `[ ]`, `*count` and `!`. */
const CONSTRAINT = /^[A-Za-z0-9_.&|,[\]*!-]{1,256}$/;

export type SlurmField = 'partition' | 'account' | 'qos' | 'time' | 'nodes' | 'gpusPerNode' | 'gres' | 'constraint' | 'jobName' | 'masterPort' | 'launcher';

/** Each field that would be refused, with its value, in a stable order. */
export function invalidSlurmFields(options: SlurmOptions): Array<{ field: SlurmField; value: string }> {
  const bad: Array<{ field: SlurmField; value: string }> = [];
  const check = (field: SlurmField, value: string | undefined, pattern: RegExp) => {
    if (value !== undefined && value !== '' && !pattern.test(value)) bad.push({ field, value });
  };
  check('partition', options.partition, NAME_LIST);
  check('account', options.account, NAME);
  check('qos', options.qos, NAME);
  check('time', options.time, TIME);
  check('gres', options.gres, GRES);
  check('constraint', options.constraint, CONSTRAINT);
  check('jobName', options.jobName, NAME);
  const int = (field: SlurmField, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) bad.push({ field, value: String(value) });
  };
  int('nodes', options.nodes, 1, 100000);
  int('gpusPerNode', options.gpusPerNode, 0, 1024);
  int('masterPort', options.masterPort, 1024, 65535);
  if (!SLURM_LAUNCHERS.includes(options.launcher)) bad.push({ field: 'launcher', value: String(options.launcher) });
  return bad;
}

/** invalidSlurmFields as a user-facing error, before anything connects. */
export function checkSlurmOptions(options: SlurmOptions): void {
  const bad = invalidSlurmFields(options);
  if (bad.length)
    throw new JobError(msg('The Slurm value {0} = {1} is not accepted: letters, digits and . _ - only (times as Slurm writes them). Nothing was submitted.'), [
      bad[0].field,
      JSON.stringify(bad[0].value),
    ]);
}

/**
 * The `#SBATCH` lines, in a fixed order. The log goes to `output.log` relative to the folder
 * sbatch runs in (the job folder), so no path, and none of its characters, is ever part of a
 * directive. One task per node: each starts the node's launcher, which starts the GPU processes.
 */
export function sbatchDirectives(options: SlurmOptions, defaultName: string): string[] {
  checkSlurmOptions(options);
  const name = options.jobName || defaultName;
  if (!NAME.test(name))
    throw new JobError(msg('The Slurm value {0} = {1} is not accepted: letters, digits and . _ - only (times as Slurm writes them). Nothing was submitted.'), [
      'jobName',
      JSON.stringify(name),
    ]);
  const lines = [`--job-name=${name}`];
  if (options.partition) lines.push(`--partition=${options.partition}`);
  if (options.account) lines.push(`--account=${options.account}`);
  if (options.qos) lines.push(`--qos=${options.qos}`);
  if (options.time) lines.push(`--time=${options.time}`);
  lines.push(`--nodes=${options.nodes}`, '--ntasks-per-node=1');
  if (options.gres) lines.push(`--gres=${options.gres}`);
  else if (options.gpusPerNode) lines.push(`--gpus-per-node=${options.gpusPerNode}`);
  if (options.constraint) lines.push(`--constraint=${options.constraint}`);
  lines.push('--output=output.log', '--open-mode=append');
  return lines.map((line) => `#SBATCH ${line}`);
}

/** A `tunelab.jobs.slurm` entry: what to ask Slurm for when launching on that host. */
export type SlurmHostDefaults = Partial<Omit<SlurmOptions, 'launcher'>> & { launcher?: SlurmLauncher };

/**
 * Normalises `tunelab.jobs.slurm` (host name → defaults): keeps strings and whole numbers of the
 * known fields and drops the rest. Values are not judged here: a bad one is refused, with its
 * name, when a launch uses it (checkSlurmOptions).
 */
export function normalizeSlurmHosts(value: unknown): Record<string, SlurmHostDefaults> {
  const out: Record<string, SlurmHostDefaults> = Object.create(null) as Record<string, SlurmHostDefaults>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [host, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const o = entry as Record<string, unknown>;
    const text = (k: string): string | undefined => {
      const v = o[k];
      return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
    };
    const int = (k: string): number | undefined => {
      const v = o[k];
      return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
    };
    const defaults: SlurmHostDefaults = {};
    for (const k of ['partition', 'account', 'qos', 'time', 'gres', 'constraint', 'jobName'] as const) if (text(k) !== undefined) defaults[k] = text(k);
    for (const k of ['nodes', 'gpusPerNode', 'masterPort'] as const) if (int(k) !== undefined) defaults[k] = int(k);
    const launcher = text('launcher');
    if (launcher) defaults.launcher = launcher as SlurmLauncher;
    out[host] = defaults;
  }
  return out;
}

/** The options of a launch: the host's defaults, then what was given for this launch; one node unless said. */
export function slurmOptionsOf(defaults: SlurmHostDefaults | undefined, given: SlurmHostDefaults, launcherFromTemplate: SlurmLauncher): SlurmOptions {
  const defined = (o: SlurmHostDefaults | undefined) =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== '')) as SlurmHostDefaults;
  const merged = { ...defined(defaults), ...defined(given) };
  return { ...merged, nodes: merged.nodes ?? 1, launcher: merged.launcher ?? launcherFromTemplate };
}
