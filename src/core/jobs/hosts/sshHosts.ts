import SSHConfig from 'ssh-config';

/** Where and as whom to connect: from ~/.ssh/config, `tunelab.hosts`, or `user@host:port`. */
export interface HostTarget {
  /** What the user calls it: the ssh config alias, the setting's name, or the literal target. */
  name: string;
  host: string;
  port: number;
  user?: string;
  identityFiles: string[];
  /** ProxyJump, as in ssh config: `[user@]host[:port]` or an alias, comma-separated hops. */
  proxyJump?: string;
  origin: 'ssh-config' | 'settings' | 'literal';
}

/** A `tunelab.hosts` entry. */
export interface HostSetting {
  name: string;
  host: string;
  port?: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
}

/** The concrete hosts of an ssh config (no wildcard patterns), with everything `Host *` adds. */
export function hostsFromSshConfig(text: string): HostTarget[] {
  const config = SSHConfig.parse(text);
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => (typeof v === 'string' ? v : v.val)) : String(line.value).split(/\s+/);
    for (const alias of values) if (alias && !/[*?!]/.test(alias)) aliases.add(alias);
  }
  return [...aliases].map((alias) => resolveAlias(config, alias));
}

/** One alias (or any host name) resolved through an ssh config. */
export function resolveFromSshConfig(text: string, alias: string): HostTarget {
  return resolveAlias(SSHConfig.parse(text), alias);
}

function resolveAlias(config: SSHConfig, alias: string): HostTarget {
  const computed = config.compute(alias) as Record<string, string | string[] | undefined>;
  const first = (key: string) => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const identity = computed.IdentityFile;
  const port = Number(first('Port') ?? 22);
  return {
    name: alias,
    host: first('HostName') ?? alias,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
    user: first('User'),
    identityFiles: Array.isArray(identity) ? identity : identity ? [identity] : [],
    proxyJump: first('ProxyJump') && first('ProxyJump') !== 'none' ? first('ProxyJump') : undefined,
    origin: 'ssh-config',
  };
}

export function hostFromSetting(setting: HostSetting): HostTarget {
  return {
    name: setting.name,
    host: setting.host,
    port: setting.port ?? 22,
    user: setting.user,
    identityFiles: setting.identityFile ? [setting.identityFile] : [],
    proxyJump: setting.proxyJump,
    origin: 'settings',
  };
}

/** `user@host:port`, `host:port`, `user@[::1]:2222` or a bare host. Undefined when malformed. */
export function parseTarget(text: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port };
}

/**
 * The hosts a user can pick: ssh config aliases first, then `tunelab.hosts` entries (a setting
 * with the same name as an alias wins, since it was written for TuneLab).
 */
export function availableHosts(sshConfigText: string | undefined, settings: readonly HostSetting[]): HostTarget[] {
  const fromSettings = settings.filter((s) => s.name && s.host).map(hostFromSetting);
  const names = new Set(fromSettings.map((h) => h.name));
  const fromConfig = sshConfigText ? hostsFromSshConfig(sshConfigText).filter((h) => !names.has(h.name)) : [];
  return [...fromConfig, ...fromSettings];
}

/**
 * What a user typed (`--host`, a quick pick's custom entry) as a target: a `tunelab.hosts` name,
 * an ssh config alias (or any name its patterns match), or `user@host:port`, which still takes
 * the ssh config's defaults for that host name (identity files, ProxyJump). Undefined when
 * malformed.
 */
export function resolveHost(spec: string, sshConfigText: string | undefined, settings: readonly HostSetting[]): HostTarget | undefined {
  const text = spec.trim();
  const setting = settings.find((s) => s.name === text && s.host);
  if (setting) return hostFromSetting(setting);
  const parsed = parseTarget(text);
  if (!parsed) return undefined;
  const base = sshConfigText ? resolveFromSshConfig(sshConfigText, parsed.host) : undefined;
  if (parsed.user === undefined && parsed.port === undefined) return base ?? { name: text, host: parsed.host, port: 22, identityFiles: [], origin: 'literal' };
  return {
    name: text,
    host: base?.host ?? parsed.host,
    port: parsed.port ?? base?.port ?? 22,
    user: parsed.user ?? base?.user,
    identityFiles: base?.identityFiles ?? [],
    proxyJump: base?.proxyJump,
    origin: 'literal',
  };
}
