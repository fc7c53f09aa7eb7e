import { msg } from '../../shared/messageTemplate';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { resolveHost } from '../../core/jobs/hosts/sshHosts';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { JobError } from '../../core/jobs/jobRunner';
import { JobStore } from '../../core/jobs/jobStore';
import type { SshSession } from '../../adapters/ssh2';
import type { CliIo } from '../cliIo';
import { UsageError } from '../cliIo';
import { cliConnector, cliPaths, readSshConfig } from './cliConnection';
import type { JobArgs } from './jobArgs';

export function jobStore(io: CliIo): JobStore {
  return new JobStore(cliPaths(io.env).jobStore);
}

/** --host as a target, with --identity files taking precedence over the ssh config's. */
export function targetFromArgs(args: JobArgs, io: CliIo): HostTarget {
  const spec = args.values.host;
  if (!spec) throw new UsageError('--host is required (an ~/.ssh/config alias or [user@]host[:port])');
  const target = resolveHost(spec, readSshConfig(io.env), []);
  if (!target) throw new UsageError(`--host '${spec}' is not an ssh config alias or [user@]host[:port]`);
  return withIdentities(target, args);
}

/**
 * The target with --identity files in place of the ones it names: every command that connects
 * honours --identity, including those that reach a job's host from its stored record (list,
 * follow, log, cancel, delete), where the key used at launch may have moved or been replaced.
 */
export function withIdentities(target: HostTarget, args: JobArgs): HostTarget {
  const identities = args.values.identity ?? [];
  return identities.length ? { ...target, identityFiles: identities } : target;
}

export function connectorFromArgs(args: JobArgs, io: CliIo): (target: HostTarget) => Promise<SshSession> {
  const timeout = args.values.timeout === undefined ? undefined : Number(args.values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, not '${args.values.timeout}'`);
  return cliConnector(io, {
    acceptNewHostKey: args.values['accept-new-host-key'] === true,
    knownHosts: args.values['known-hosts'] ?? [],
    connectTimeoutSeconds: timeout,
  });
}

/** The job named by the first positional argument (full id or unique prefix). */
export function recordFromArgs(args: JobArgs, io: CliIo): { store: JobStore; record: JobRecord } {
  const id = args.positionals[0];
  if (!id) throw new UsageError('which job? give its id (see tunelab job list)');
  const store = jobStore(io);
  const matches = store.matching(id);
  if (matches.length > 1)
    throw new JobError(msg('The id {0} is ambiguous: it starts {1} jobs ({2}). Give more of it.'), [id, matches.length, matches.map((r) => r.id).join(', ')]);
  if (!matches.length) throw new JobError(msg('No job {0} was started from this machine (see tunelab job list).'), [id]);
  return { store, record: { ...matches[0], target: withIdentities(matches[0].target, args) } };
}
