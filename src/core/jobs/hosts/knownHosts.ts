import { createHash, createHmac } from 'node:crypto';

/**
 * OpenSSH known_hosts, read the way ssh reads it: plain and hashed (`|1|salt|hash`) host
 * entries, `[host]:port` for non-standard ports, patterns with `*`, `?` and `!`, comma lists,
 * and the `@revoked` marker (`@cert-authority` lines are certificate authorities, not host
 * keys, and are skipped).
 */
export interface KnownHostEntry {
  marker?: 'revoked';
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@cert-authority') continue;
      if (fields[0] === '@revoked') marker = 'revoked';
      fields.shift();
    }
    if (fields.length < 3) continue;
    const [hosts, keyType, keyBase64] = fields;
    const key = Buffer.from(keyBase64, 'base64');
    if (!key.length) continue;
    const hashed = /^\|1\|([^|]+)\|([^|]+)$/.exec(hosts);
    entries.push({
      marker,
      patterns: hashed ? [] : hosts.split(','),
      hashed: hashed ? { salt: Buffer.from(hashed[1], 'base64'), hash: Buffer.from(hashed[2], 'base64') } : undefined,
      keyType,
      key,
    });
  }
  return entries;
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export type KnownHostsVerdict = { kind: 'match' } | { kind: 'unknown' } | { kind: 'mismatch'; knownFingerprints: string[] } | { kind: 'revoked' };

/**
 * What known_hosts says about a host's key: listed (match), revoked, listed with other keys
 * (mismatch: possibly a man in the middle, refuse), or not listed (unknown: ask the user).
 */
export function checkKnownHosts(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): KnownHostsVerdict {
  const name = hostKeyName(host, port);
  const mine = entries.filter((e) => matchesHost(e, name));
  if (mine.some((e) => e.marker === 'revoked' && e.key.equals(key))) return { kind: 'revoked' };
  const plain = mine.filter((e) => !e.marker);
  if (plain.some((e) => e.key.equals(key))) return { kind: 'match' };
  if (plain.length) return { kind: 'mismatch', knownFingerprints: plain.map((e) => fingerprint(e.key)) };
  return { kind: 'unknown' };
}

function matchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) return createHmac('sha1', entry.hashed.salt).update(name).digest().equals(entry.hashed.hash);
  let matched = false;
  for (const pattern of entry.patterns) {
    const negated = pattern.startsWith('!');
    if (wildcard(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function wildcard(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(name.toLowerCase());
}

/** `SHA256:…`, as `ssh-keygen -lf` and ssh's prompts print it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** A known_hosts line to append when the user chooses to trust a key always (hashed, as ssh does with HashKnownHosts). */
export function knownHostsLine(host: string, port: number, keyType: string, key: Buffer, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(hostKeyName(host, port)).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')} ${keyType} ${key.toString('base64')}`;
}
