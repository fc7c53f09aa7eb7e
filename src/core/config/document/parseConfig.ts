import type { ConfigDocument } from './configTree';
import { parseJsonConfig } from './parseJsonConfig';
import { parseYamlConfig } from './parseYamlConfig';

export type ConfigFormat = 'yaml' | 'json';

/** The format of a config file from its name; undefined for files that are neither. */
export function configFormatOf(fileName: string): ConfigFormat | undefined {
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.jsonc?$/i.test(fileName)) return 'json';
  return undefined;
}

export function parseConfig(text: string, format: ConfigFormat): ConfigDocument {
  return format === 'yaml' ? parseYamlConfig(text) : parseJsonConfig(text);
}
