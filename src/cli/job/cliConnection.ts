import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import type { SshSession } from '../../adapters/ssh2';
import { hostConnector } from '../../adapters/ssh2';
import { msg } from '../../shared/messageTemplate';
import { localize } from '../localize';
import type { PromptIo } from './terminalPrompt';
import { ask, canPrompt } from './terminalPrompt';

/** Where the CLI keeps things, following the XDG base directories. */
export function cliPaths(env: NodeJS.ProcessEnv): { home: string; sshConfig: string; knownHosts: string; trustStore: string; jobStore: string } {
  const home = env.HOME || env.USERPROFILE || '.';
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const state = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return {
    home,
    sshConfig: join(home, '.ssh', 'config'),
    knownHosts: join(home, '.ssh', 'known_hosts'),
    trustStore: join(config, 'tunelab', 'known_hosts'),
    jobStore: join(state, 'tunelab', 'jobs'),
  };
}

export function readSshConfig(env: NodeJS.ProcessEnv): string | undefined {
  const path = cliPaths(env).sshConfig;
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export interface CliConnectOptions {
  /** --accept-new-host-key: trust an unknown host's key (and remember it), as ssh's accept-new. */
  acceptNewHostKey: boolean;
  /** Extra known_hosts files (--known-hosts). */
  knownHosts: readonly string[];
  connectTimeoutSeconds?: number;
}

/**
 * Connections for the CLI: keys from ssh-agent and key files; passphrases and passwords asked
 * on the terminal only (never read from files or settings); an unknown host key is refused
 * unless --accept-new-host-key, or asked about when a person is at the terminal.
 */
export function cliConnector(io: PromptIo & { env: NodeJS.ProcessEnv }, options: CliConnectOptions): (target: HostTarget) => Promise<SshSession> {
  const paths = cliPaths(io.env);
  return hostConnector({
    sshConfigText: readSshConfig(io.env),
    knownHostsFiles: [paths.knownHosts, ...options.knownHosts],
    trustStoreFile: paths.trustStore,
    agent: io.env.SSH_AUTH_SOCK ?? '',
    connectTimeoutSeconds: options.connectTimeoutSeconds,
    askHostKey: async (where, keyType, fingerprint) => {
      if (options.acceptNewHostKey) {
        io.stderr.write(
          `tunelab: ${localize(msg('Trusting the new host key of {0}: {1} {2} (saved in {3}).'), [where, keyType, fingerprint, paths.trustStore])}\n`,
        );
        return 'always';
      }
      if (!canPrompt(io)) {
        io.stderr.write(
          `tunelab: ${localize(msg("The host key of {0} is unknown: {1} {2}. Check it with the host's administrator, then run again with --accept-new-host-key, or add it to ~/.ssh/known_hosts."), [where, keyType, fingerprint])}\n`,
        );
        return 'reject';
      }
      const answer = await ask(
        io,
        `${localize(msg('The host key of {0} is unknown: {1} {2}. Trust it? [y = always / o = once / N = no] '), [where, keyType, fingerprint])}`,
      );
      const a = (answer ?? '').trim().toLowerCase();
      return a === 'y' || a === 'yes' ? 'always' : a === 'o' || a === 'once' ? 'once' : 'reject';
    },
    credentials: {
      passphrase: (keyPath, attempt) =>
        ask(io, `${localize(attempt > 1 ? msg('Wrong passphrase. Passphrase for {0}: ') : msg('Passphrase for {0}: '), [keyPath])}`, true),
      password: (where, attempt) => ask(io, `${localize(attempt > 1 ? msg('Wrong password. Password for {0}: ') : msg('Password for {0}: '), [where])}`, true),
    },
  });
}
