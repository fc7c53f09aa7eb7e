import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExplainedError } from '../../core/jobs/hosts/connectionErrors';
import { hostKeyMismatch, hostKeyNotTrusted, hostKeyRevoked } from '../../core/jobs/hosts/connectionErrors';
import { decideHostKey } from '../../core/jobs/hosts/hostKeyPolicy';
import { hostKeyName, knownHostsLine, parseKnownHosts } from '../../core/jobs/hosts/knownHosts';

export type TrustAnswer = 'once' | 'always' | 'reject';

export interface HostTrustOptions {
  /** OpenSSH known_hosts files to read (default ~/.ssh/known_hosts). */
  knownHostsFiles?: string[];
  /** TuneLab's own trust store, in known_hosts format (keys the user chose to trust always). */
  trustStoreFile: string;
  /** Called for an unknown host: trust this once, always, or not at all. */
  ask(where: string, keyType: string, fingerprint: string): Promise<TrustAnswer>;
}

/**
 * Host-key verification for SshSession.connect: known_hosts plus the trust store decide, the
 * user is asked about unknown hosts, and a refusal is remembered so the caller can explain it.
 */
export function hostKeyVerifier(options: HostTrustOptions): {
  verify(host: string, port: number, keyType: string, key: Buffer): Promise<boolean>;
  refusal(): ExplainedError | undefined;
} {
  let refusal: ExplainedError | undefined;
  const files = options.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')];
  return {
    refusal: () => refusal,
    async verify(host, port, keyType, key) {
      refusal = undefined;
      const where = hostKeyName(host, port);
      const sources = [...files, options.trustStoreFile].filter((f) => existsSync(f)).map((f) => parseKnownHosts(readFileSync(f, 'utf8')));
      const decision = decideHostKey(sources, host, port, key);
      if (decision.kind === 'accept') return true;
      if (decision.kind === 'refuse') {
        refusal =
          decision.reason === 'revoked'
            ? hostKeyRevoked(where, decision.fingerprint)
            : hostKeyMismatch(where, decision.fingerprint, decision.known, options.trustStoreFile);
        return false;
      }
      const answer = await options.ask(where, keyType, decision.fingerprint);
      if (answer === 'always') trustAlways(options.trustStoreFile, host, port, keyType, key);
      if (answer === 'reject') refusal = hostKeyNotTrusted(where);
      return answer !== 'reject';
    },
  };
}

export function trustAlways(trustStoreFile: string, host: string, port: number, keyType: string, key: Buffer): void {
  mkdirSync(dirname(trustStoreFile), { recursive: true });
  appendFileSync(trustStoreFile, `${knownHostsLine(host, port, keyType, key, randomBytes(20))}\n`, { mode: 0o600 });
}
