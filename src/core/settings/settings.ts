import { integerSetting } from './normalizers';
import type { SettingDefinition } from './normalizers';

/**
 * Every `tunelab.*` setting, keyed without the `tunelab.` prefix. The manifest's
 * `contributes.configuration` must declare the same keys with the same defaults
 * (checked by test/unit/manifest.test.ts); descriptions live in package.nls*.json.
 */
export const settingDefinitions = {
  'preview.pageSize': integerSetting(200, { min: 10, max: 5000 }),
} satisfies Record<string, SettingDefinition<unknown>>;

export type SettingKey = keyof typeof settingDefinitions;
type ValueOf<D> = D extends SettingDefinition<infer T> ? T : never;
export type Settings = { readonly [K in SettingKey]: ValueOf<(typeof settingDefinitions)[K]> };

/** Reads every setting through `read` (undefined = not set) and normalises it. */
export function resolveSettings(read: (key: SettingKey) => unknown): Settings {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settingDefinitions) as SettingKey[]) {
    const definition: SettingDefinition<unknown> = settingDefinitions[key];
    const raw = read(key);
    out[key] = raw === undefined ? definition.defaultValue : definition.normalize(raw);
  }
  return out as Settings;
}

export function defaultSettings(): Settings {
  return resolveSettings(() => undefined);
}
