import { readFile } from 'node:fs/promises';
import { resolveSettings, settingDefinitions } from '../core/settings/settings';
import type { SettingKey, Settings } from '../core/settings/settings';

/**
 * Settings for the CLI from a JSON file, written like VS Code's settings.json:
 * `{ "tunelab.dataset.maxResponseChars": 4000 }`, or nested `{ "dataset": { "maxResponseChars": 4000 } }`.
 * Unknown keys are reported, so a typo does not silently keep a default.
 */
export async function loadCliSettings(path: string | undefined): Promise<{ settings: Settings; unknownKeys: string[] }> {
  if (!path) return { settings: resolveSettings(() => undefined), unknownKeys: [] };
  const parsed: unknown = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object of settings`);
  const flat = new Map<string, unknown>();
  const visit = (prefix: string, value: Record<string, unknown>) => {
    for (const [key, inner] of Object.entries(value)) {
      if (!prefix && key === 'tunelab' && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
        visit('', inner as Record<string, unknown>);
        continue;
      }
      const full = prefix ? `${prefix}.${key}` : key.replace(/^tunelab\./, '');
      if (full in settingDefinitions || typeof inner !== 'object' || inner === null || Array.isArray(inner)) flat.set(full, inner);
      else visit(full, inner as Record<string, unknown>);
    }
  };
  visit('', parsed as Record<string, unknown>);
  // Own keys only: `constructor`, `toString` and `__proto__` are not settings.
  const unknownKeys = [...flat.keys()].filter((k) => !Object.prototype.hasOwnProperty.call(settingDefinitions, k));
  return { settings: resolveSettings((key: SettingKey) => flat.get(key)), unknownKeys };
}
