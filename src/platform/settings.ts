import * as vscode from 'vscode';
import { resolveSettings } from '../core/settings/settings';
import type { SettingKey, Settings } from '../core/settings/settings';

export const SETTINGS_SECTION = 'tunelab';

/** The typed, normalised `tunelab.*` settings for a resource (or the window). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return resolveSettings((key) => configuration.get(key));
}

/** Calls `listener` when any of `keys` (or any TuneLab setting, when `keys` is empty) changes. */
export function onSettingsChanged(listener: () => void, keys: readonly SettingKey[] = []): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const touched =
      keys.length === 0 ? event.affectsConfiguration(SETTINGS_SECTION) : keys.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
    if (touched) listener();
  });
}
