import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTarget } from '../../src/core/jobs/hosts/sshHosts';
import { hostConnector } from '../../src/adapters/ssh2/hostConnector';
import type { TrustAnswer } from '../../src/adapters/ssh2/hostTrust';
import type { SshSession } from '../../src/adapters/ssh2/sshSession';
import { TestSshServer } from '../support/sshServer';

export function targetOf(server: TestSshServer, identity = server.clientKey): HostTarget {
  return { name: 'test-host', host: '127.0.0.1', port: server.port, user: server.user, identityFiles: [identity], origin: 'literal' };
}

export interface ConnectSpy {
  asked: Array<{ where: string; keyType: string; fingerprint: string }>;
  passphrases: string[];
}

/**
 * Connects through the product's own connector (the one the extension and the CLI use), with
 * no agent; `answer` decides unknown hosts, `passphrases` answer key prompts in turn.
 */
export async function connectTo(
  server: TestSshServer,
  options: { identity?: string; knownHosts?: string[]; trustStore?: string; answer?: TrustAnswer; passphrases?: string[]; spy?: ConnectSpy } = {},
): Promise<SshSession> {
  const passphrases = [...(options.passphrases ?? [])];
  const connect = hostConnector({
    knownHostsFiles: options.knownHosts ?? [server.knownHosts],
    trustStoreFile: options.trustStore ?? join(mkdtempSync(join(tmpdir(), 'tunelab-trust-')), 'known_hosts'),
    askHostKey: (where, keyType, fingerprint) => {
      options.spy?.asked.push({ where, keyType, fingerprint });
      return Promise.resolve(options.answer ?? 'reject');
    },
    credentials: {
      passphrase: (_path, _attempt) => {
        const next = passphrases.shift();
        if (next !== undefined) options.spy?.passphrases.push(next);
        return Promise.resolve(next);
      },
      password: () => Promise.resolve(undefined),
    },
    agent: '',
    connectTimeoutSeconds: 5,
  });
  return connect(targetOf(server, options.identity));
}

export async function startServerOrSkip(context: Mocha.Context, options: { fakeGpus?: boolean; env?: Record<string, string> } = {}): Promise<TestSshServer> {
  if (!TestSshServer.sshdPath()) {
    console.log('    sshd not installed (Debian: openssh-server): skipping the SSH tier');
    context.skip();
  }
  return TestSshServer.start(options);
}
