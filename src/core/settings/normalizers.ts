import type { HostGroupSetting } from '../jobs/multihost/multiHostOptions';
import { normalizeHostGroups } from '../jobs/multihost/multiHostOptions';
/**
 * Normalisers turn untrusted setting values (settings.json, a CLI config file) into typed
 * values, falling back to the documented default instead of failing. Each definition keeps
 * its default next to its normaliser, so the manifest test can check package.json agrees.
 */
import type { HostSetting } from '../jobs/hosts/sshHosts';
import type { SlurmHostDefaults } from '../jobs/slurm/slurmOptions';
import { normalizeSlurmHosts } from '../jobs/slurm/slurmOptions';

export interface SettingDefinition<T> {
  readonly type: 'integer' | 'number' | 'boolean' | 'string' | 'array' | 'object';
  readonly defaultValue: T;
  normalize(value: unknown): T;
}

export function integerSetting(defaultValue: number, bounds: { min?: number; max?: number } = {}): SettingDefinition<number> {
  return {
    type: 'integer',
    defaultValue,
    normalize: (value) => {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return defaultValue;
      return clamp(Math.round(n), bounds);
    },
  };
}

export function numberSetting(defaultValue: number, bounds: { min?: number; max?: number } = {}): SettingDefinition<number> {
  return {
    type: 'number',
    defaultValue,
    normalize: (value) => {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return defaultValue;
      return clamp(n, bounds);
    },
  };
}

export function booleanSetting(defaultValue: boolean): SettingDefinition<boolean> {
  return {
    type: 'boolean',
    defaultValue,
    normalize: (value) => (typeof value === 'boolean' ? value : defaultValue),
  };
}

export function enumSetting<T extends string>(defaultValue: T, allowed: readonly T[]): SettingDefinition<T> {
  return {
    type: 'string',
    defaultValue,
    normalize: (value) => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : defaultValue),
  };
}

export function stringSetting(defaultValue: string): SettingDefinition<string> {
  return {
    type: 'string',
    defaultValue,
    normalize: (value) => (typeof value === 'string' ? value : defaultValue),
  };
}

/** A list of strings; non-string entries are dropped rather than failing the whole list. */
export function stringListSetting(defaultValue: readonly string[]): SettingDefinition<readonly string[]> {
  return {
    type: 'array',
    defaultValue,
    normalize: (value) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : defaultValue),
  };
}

/** A string → number map (e.g. target mix ratios); entries that are not finite numbers are dropped. */
export function numberMapSetting(defaultValue: Readonly<Record<string, number>>): SettingDefinition<Readonly<Record<string, number>>> {
  return {
    type: 'object',
    defaultValue,
    normalize: (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return defaultValue;
      const out: Record<string, number> = Object.create(null) as Record<string, number>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
      }
      return out;
    },
  };
}

function clamp(n: number, { min, max }: { min?: number; max?: number }): number {
  if (min !== undefined && n < min) return min;
  if (max !== undefined && n > max) return max;
  return n;
}

/** A string → allowed-value map (e.g. severity per finding code); other entries are dropped. */
export function enumMapSetting<T extends string>(allowed: readonly T[]): SettingDefinition<Readonly<Record<string, T>>> {
  return {
    type: 'object',
    defaultValue: {},
    normalize: (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
      const out: Record<string, T> = Object.create(null) as Record<string, T>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) out[k] = v as T;
      }
      return out;
    },
  };
}

/** A string → string map (e.g. environment variables); entries whose value is not a string are dropped. */
export function stringMapSetting(
  defaultValue: Readonly<Record<string, string>>,
  validKey: (key: string) => boolean = () => true,
): SettingDefinition<Readonly<Record<string, string>>> {
  return {
    type: 'object',
    defaultValue,
    normalize: (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return defaultValue;
      const out: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (validKey(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = String(v);
      }
      return out;
    },
  };
}

/** `tunelab.jobs.slurm`: host name → what to ask Slurm for (see src/core/jobs/slurm/slurmOptions.ts). */
export function slurmHostsSetting(): SettingDefinition<Readonly<Record<string, SlurmHostDefaults>>> {
  return { type: 'object', defaultValue: {}, normalize: normalizeSlurmHosts };
}

export function hostGroupsSetting(): SettingDefinition<Readonly<Record<string, HostGroupSetting>>> {
  return { type: 'object', defaultValue: {}, normalize: normalizeHostGroups };
}

/** `tunelab.hosts` entries: objects with at least a name and a host; others are dropped. */
export function hostListSetting(): SettingDefinition<readonly HostSetting[]> {
  return {
    type: 'array',
    defaultValue: [],
    normalize: (value) => {
      if (!Array.isArray(value)) return [];
      const out: HostSetting[] = [];
      for (const item of value as unknown[]) {
        if (typeof item !== 'object' || item === null) continue;
        const o = item as Record<string, unknown>;
        const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
        const name = text(o.name);
        const host = text(o.host);
        if (!name || !host) continue;
        const port = typeof o.port === 'number' && Number.isInteger(o.port) && o.port > 0 && o.port < 65536 ? o.port : undefined;
        out.push({ name, host, port, user: text(o.user), identityFile: text(o.identityFile), proxyJump: text(o.proxyJump) });
      }
      return out;
    },
  };
}
