import type { KnownHostEntry } from './knownHosts';
import { checkKnownHosts, fingerprint } from './knownHosts';

export type HostKeyDecision =
  { kind: 'accept' } | { kind: 'ask'; fingerprint: string } | { kind: 'refuse'; reason: 'mismatch' | 'revoked'; fingerprint: string; known: string[] };

/**
 * Whether to trust a host key: a key listed in ~/.ssh/known_hosts or in TuneLab's own trust
 * store is accepted; a revoked key, or a host listed in either with a different key, is refused
 * (a changed key can mean a man in the middle: the user must fix known_hosts deliberately);
 * an unknown host is for the user to decide.
 */
export function decideHostKey(sources: ReadonlyArray<readonly KnownHostEntry[]>, host: string, port: number, key: Buffer): HostKeyDecision {
  const print = fingerprint(key);
  const verdicts = sources.map((entries) => checkKnownHosts(entries, host, port, key));
  if (verdicts.some((v) => v.kind === 'revoked')) return { kind: 'refuse', reason: 'revoked', fingerprint: print, known: [] };
  const mismatch = verdicts.flatMap((v) => (v.kind === 'mismatch' ? v.knownFingerprints : []));
  if (mismatch.length) return { kind: 'refuse', reason: 'mismatch', fingerprint: print, known: mismatch };
  if (verdicts.some((v) => v.kind === 'match')) return { kind: 'accept' };
  return { kind: 'ask', fingerprint: print };
}
