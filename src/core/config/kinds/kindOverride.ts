import type { ConfigDocument } from '../document/configTree';
import { topLevelEntry } from '../document/configTree';
import type { ConfigKind } from './configKind';
import { CONFIG_KINDS, isConfigKind } from './configKind';

/**
 * A kind the file names for itself: a `# tunelab: kind=trl-dpo` modeline (`//` in JSON), a
 * yaml-language-server `$schema=` modeline or a JSON `$schema` member pointing at one of our
 * schema files (`…/llamafactory-train.schema.json`).
 */
export function kindFromFile(document: ConfigDocument): ConfigKind | undefined {
  for (const comment of document.headerComments) {
    const modeline = /^tunelab:\s*(?:kind\s*=\s*)?([\w.-]+)/i.exec(comment);
    if (modeline && isConfigKind(modeline[1])) return modeline[1];
    const schema = /^yaml-language-server:\s*\$schema=(\S+)/.exec(comment);
    if (schema) {
      const kind = kindFromSchemaUrl(schema[1]);
      if (kind) return kind;
    }
  }
  const member = topLevelEntry(document, '$schema');
  if (member && typeof member.value.value === 'string') return kindFromSchemaUrl(member.value.value);
  return undefined;
}

/**
 * Files named for a kind (`qwen_lora.llamafactory-train.yaml`, `dpo.trl-dpo.json`): the
 * patterns the extension contributes to the JSON and YAML language servers.
 */
export function kindFromFileName(fileName: string): ConfigKind | undefined {
  const name = /([\w-]+)\.(?:ya?ml|jsonc?)$/i.exec(fileName.replace(/\\/g, '/').split('/').pop() ?? '')?.[1];
  return CONFIG_KINDS.find((k) => k === name);
}

export function kindFromSchemaUrl(url: string): ConfigKind | undefined {
  const name = /([\w-]+)\.schema\.json(?:[?#].*)?$/.exec(url)?.[1];
  return CONFIG_KINDS.find((k) => k === name);
}

/**
 * The kind a settings glob map assigns to a path (`{"configs/rl/**": "trl-ppo"}`); the first
 * matching glob wins. `matches` is the adapter's glob matcher.
 */
export function kindFromGlobMap(
  map: Readonly<Record<string, string>>,
  path: string,
  matches: (glob: string, path: string) => boolean,
): ConfigKind | 'none' | undefined {
  for (const [glob, kind] of Object.entries(map)) {
    if ((isConfigKind(kind) || kind === 'none') && matches(glob, path)) return kind;
  }
  return undefined;
}
