import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { resolveFromSshConfig } from '../../core/jobs/hosts/sshHosts';
import type { TrustAnswer } from './hostTrust';
import { hostKeyVerifier } from './hostTrust';
import type { Credentials } from './sshSession';
import { SshSession } from './sshSession';

export interface HostConnectorOptions {
  /** ~/.ssh/config's text, to resolve ProxyJump hops given as aliases. */
  sshConfigText?: string;
  /** OpenSSH known_hosts files (default ~/.ssh/known_hosts). */
  knownHostsFiles?: string[];
  /** TuneLab's own trust store (known_hosts format). */
  trustStoreFile: string;
  /** An unknown host key: trust once, always, or not. */
  askHostKey(where: string, keyType: string, fingerprint: string): Promise<TrustAnswer>;
  credentials: Credentials;
  /** ssh-agent socket; '' for none; default SSH_AUTH_SOCK. */
  agent?: string;
  connectTimeoutSeconds?: number;
}

/**
 * How the extension and the CLI connect to a host: known_hosts plus the trust store decide
 * host keys, the caller's prompts answer unknown keys and secrets, ProxyJump aliases resolve
 * through the ssh config. Returns a function that opens a fresh session each time it is called
 * (followers reconnect with it).
 */
export function hostConnector(options: HostConnectorOptions): (target: HostTarget) => Promise<SshSession> {
  const verifier = hostKeyVerifier({
    knownHostsFiles: options.knownHostsFiles,
    trustStoreFile: options.trustStoreFile,
    ask: (where, keyType, fingerprint) => options.askHostKey(where, keyType, fingerprint),
  });
  return (target) =>
    SshSession.connect(target, {
      credentials: options.credentials,
      verifyHostKey: (host, port, keyType, key) => verifier.verify(host, port, keyType, key),
      hostKeyRefusal: () => verifier.refusal(),
      agent: options.agent,
      resolveHop: (name) =>
        options.sshConfigText ? resolveFromSshConfig(options.sshConfigText, name) : { name, host: name, port: 22, identityFiles: [], origin: 'literal' },
      readyTimeoutMs: (options.connectTimeoutSeconds ?? 20) * 1000,
    });
}
