import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTarget } from '../../src/core/jobs/hosts/sshHosts';
import { hostKeyVerifier } from '../../src/adapters/ssh2/hostTrust';
import type { TrustAnswer } from '../../src/adapters/ssh2/hostTrust';
import type { ConnectOptions } from '../../src/adapters/ssh2/sshSession';
import { SshSession } from '../../src/adapters/ssh2/sshSession';
import { TestSshServer } from '../support/sshServer';

export function targetOf(server: TestSshServer, identity = server.clientKey): HostTarget {
  return { name: 'test-host', host: '127.0.0.1', port: server.port, user: server.user, identityFiles: [identity], origin: 'literal' };
}

export interface ConnectSpy {
  asked: Array<{ where: string; keyType: string; fingerprint: string }>;
  passphrases: string[];
}

/** Connects the way the extension and CLI do, with no agent; `answer` decides unknown hosts. */
export async function connectTo(
  server: TestSshServer,
  options: { identity?: string; knownHosts?: string[]; trustStore?: string; answer?: TrustAnswer; passphrases?: string[]; spy?: ConnectSpy } = {},
): Promise<SshSession> {
  const trustStore = options.trustStore ?? join(mkdtempSync(join(tmpdir(), 'tunelab-trust-')), 'known_hosts');
  const verifier = hostKeyVerifier({
    knownHostsFiles: options.knownHosts ?? [server.knownHosts],
    trustStoreFile: trustStore,
    ask: (where, keyType, fingerprint) => {
      options.spy?.asked.push({ where, keyType, fingerprint });
      return Promise.resolve(options.answer ?? 'reject');
    },
  });
  const passphrases = [...(options.passphrases ?? [])];
  const connect: ConnectOptions = {
    agent: '',
    verifyHostKey: (host, port, type, key) => verifier.verify(host, port, type, key),
    hostKeyRefusal: () => verifier.refusal(),
    credentials: {
      passphrase: (_path, _attempt) => {
        const next = passphrases.shift();
        if (next !== undefined) options.spy?.passphrases.push(next);
        return Promise.resolve(next);
      },
      password: () => Promise.resolve(undefined),
    },
    readyTimeoutMs: 5000,
  };
  return SshSession.connect(targetOf(server, options.identity), connect);
}

export async function startServerOrSkip(context: Mocha.Context, options: { fakeGpus?: boolean; env?: Record<string, string> } = {}): Promise<TestSshServer> {
  if (!TestSshServer.sshdPath()) {
    console.log('    sshd not installed (Debian: openssh-server): skipping the SSH tier');
    context.skip();
  }
  return TestSshServer.start(options);
}
