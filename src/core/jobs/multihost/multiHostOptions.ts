import { msg } from '../../../shared/messageTemplate';
import type { HostTarget } from '../hosts/sshHosts';
import { JobError } from '../jobError';
import type { SlurmLauncher } from '../slurm/slurmOptions';
import { DEFAULT_MASTER_PORT, SLURM_LAUNCHERS } from '../slurm/slurmOptions';

/**
 * A launch on several hosts over plain SSH (no scheduler): one detached launcher per host, all
 * meeting at `masterAddr:masterPort` on the first host (rank 0). The launcher kinds are Slurm's
 * (llamafactory with FORCE_TORCHRUN, torchrun, accelerate, plain): the same rendezvous lines.
 */
export interface MultiHostOptions {
  /** The first host's address as the others reach it; its HostName when absent. */
  masterAddr?: string;
  masterPort?: number;
  launcher: SlurmLauncher;
  /** The working directory is on a filesystem every host shares: upload once, from rank 0. */
  sharedWorkdir?: boolean;
  /** Training processes per host; each host's GPU count (1 without GPUs) when absent. */
  gpusPerNode?: number;
}

/** A `tunelab.jobs.hostGroups` entry: the hosts (rank order) and where they meet. */
export interface HostGroupSetting {
  hosts: string[];
  masterAddr?: string;
  masterPort?: number;
  sharedWorkdir?: boolean;
  launcher?: SlurmLauncher;
}

/**
 * An address every host can connect to and no shell or torch would misread: a host name or an
 * IPv4/IPv6 literal (no brackets, no port). Anything else (spaces, quotes, `$`, `;`…) is refused
 * before a connection is made, and the value is still quoted wherever it reaches a shell.
 */
const ADDRESS = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]{2,45})$/;

export function isValidMasterAddr(value: string): boolean {
  return ADDRESS.test(value) && !value.includes('..');
}

/** The rendezvous of a launch on `targets`, checked: at least two distinct hosts, a sane address and port. */
export function rendezvousOf(targets: readonly HostTarget[], options: MultiHostOptions): { masterAddr: string; masterPort: number } {
  if (targets.length < 2) throw new JobError(msg('A multi-host launch needs at least two hosts (got {0}).'), [targets.length]);
  const keys = targets.map((t) => `${t.user ?? ''}@${t.host}:${t.port}`);
  const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (twice >= 0) throw new JobError(msg('The host {0} is listed twice: each host runs one launcher.'), [targets[twice].name]);
  const masterAddr = (options.masterAddr ?? targets[0].host).trim();
  if (!isValidMasterAddr(masterAddr))
    throw new JobError(msg('The master address {0} is not a host name or IP address: nothing was launched.'), [JSON.stringify(masterAddr)]);
  const masterPort = options.masterPort ?? DEFAULT_MASTER_PORT;
  if (!(Number.isInteger(masterPort) && masterPort >= 1024 && masterPort <= 65535))
    throw new JobError(msg('The master port {0} is not a port from 1024 to 65535: nothing was launched.'), [String(masterPort)]);
  if (!SLURM_LAUNCHERS.includes(options.launcher))
    throw new JobError(msg('Unknown launcher {0}: use {1}.'), [String(options.launcher), SLURM_LAUNCHERS.join(', ')]);
  if (options.gpusPerNode !== undefined && !(Number.isInteger(options.gpusPerNode) && options.gpusPerNode >= 1 && options.gpusPerNode <= 1024))
    throw new JobError(msg('The processes per host {0} is not a whole number from 1 to 1024.'), [String(options.gpusPerNode)]);
  return { masterAddr, masterPort };
}

/** The environment of rank `rank`: what torchrun, accelerate and LLaMA-Factory read, the same on every host but NODE_RANK. */
export function rankEnv(rendezvous: { masterAddr: string; masterPort: number }, nodes: number, rank: number, procsPerNode: number): Record<string, string> {
  return {
    MASTER_ADDR: rendezvous.masterAddr,
    MASTER_PORT: String(rendezvous.masterPort),
    NNODES: String(nodes),
    NODE_RANK: String(rank),
    NPROC_PER_NODE: String(procsPerNode),
  };
}

/**
 * Normalises `tunelab.jobs.hostGroups` (group name → hosts and rendezvous): keeps a non-empty
 * host list of strings and the known fields of the right type. Values are judged when a launch
 * uses them (rendezvousOf), with their names.
 */
export function normalizeHostGroups(value: unknown): Record<string, HostGroupSetting> {
  const out = Object.create(null) as Record<string, HostGroupSetting>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const o = (Array.isArray(entry) ? { hosts: entry } : entry) as Record<string, unknown>;
    const hosts = Array.isArray(o.hosts) ? o.hosts.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => h.trim()) : [];
    if (!hosts.length) continue;
    const group: HostGroupSetting = { hosts };
    if (typeof o.masterAddr === 'string' && o.masterAddr.trim()) group.masterAddr = o.masterAddr.trim();
    if (typeof o.masterPort === 'number') group.masterPort = o.masterPort;
    if (typeof o.sharedWorkdir === 'boolean') group.sharedWorkdir = o.sharedWorkdir;
    if (typeof o.launcher === 'string' && (SLURM_LAUNCHERS as readonly string[]).includes(o.launcher)) group.launcher = o.launcher as SlurmLauncher;
    out[name] = group;
  }
  return out;
}
