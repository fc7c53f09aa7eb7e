import { distance } from 'fastest-levenshtein';
import { msg } from '../../dataset/messageTemplate';
import { keysForKind } from '../catalog/configCatalog';
import { LLAMA_FACTORY_COMMANDS, RENAMED_KEYS } from '../catalog/renamedKeys';
import type { ConfigFinding } from '../configFindings';
import type { ConfigEntry } from '../document/configTree';
import { renameKeyEdit } from '../edits/configEdits';
import type { ConfigKind } from '../kinds/configKind';
import { CONFIG_KINDS, frameworkOf } from '../kinds/configKind';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { configFinding } from './configRule';

/**
 * Keys the kind's argument classes do not define. LLaMA-Factory and TRL refuse them at launch,
 * so each one is a warning, with the new name of a renamed key, the closest real key ("did you
 * mean"), or the LLaMA-Factory command / kind the key belongs to. Axolotl silently drops keys
 * it does not define, so there it is a note that the setting has no effect. When a few keys
 * decided the kind, the kind itself may be wrong: every unknown key is then only a hint.
 */
export const unknownKeyRule = defineConfigRule({
  info: [
    {
      code: 'unknown-key',
      defaultSeverity: 'warning',
      title: msg('Unknown key'),
      why: msg('LLaMA-Factory and TRL refuse keys their argument classes do not define, so a typo stops the run at launch.'),
      settings: [],
    },
  ],
  check(context) {
    const known = keysForKind(context.kind);
    const findings: ConfigFinding[] = [];
    for (const entry of context.document.root?.entries ?? []) {
      if (known.has(entry.key) || entry.key === '$schema') continue;
      const finding = unknownKeyFinding(context, entry, known);
      const severity = context.strength === 'weak' ? 'hint' : context.kind === 'axolotl' ? 'info' : finding.severity;
      findings.push({ ...finding, severity });
    }
    return findings;
  },
});

function unknownKeyFinding(context: ConfigRuleContext, entry: ConfigEntry, known: ReadonlyMap<string, unknown>): ConfigFinding {
  const framework = frameworkOf(context.kind);
  const rename = (target: string) => ({ title: msg('Rename to {0}'), args: [target], edits: [renameKeyEdit(context.document, entry, target)], preferred: true });
  const renamed = framework === 'axolotl' ? undefined : RENAMED_KEYS[framework][entry.key];
  if (renamed && known.has(renamed)) {
    return configFinding('unknown-key', entry.keyRange, msg('{0} was renamed to {1}; the current version refuses the old name.'), [entry.key, renamed], { key: entry.key, fixes: [rename(renamed)] });
  }
  const suggestion = closestKey(entry.key, known.keys());
  if (suggestion) {
    const message = framework === 'axolotl' ? msg('Axolotl does not define {0} and drops it, so it has no effect; did you mean {1}?') : msg('Unknown key {0}; did you mean {1}?');
    return configFinding('unknown-key', entry.keyRange, message, [entry.key, suggestion], { key: entry.key, fixes: [rename(suggestion)] });
  }
  if (framework === 'axolotl') return configFinding('unknown-key', entry.keyRange, msg('Axolotl does not define {0} and drops it, so it has no effect.'), [entry.key], { key: entry.key });
  const owner = otherKindWith(entry.key, context.kind);
  if (owner && LLAMA_FACTORY_COMMANDS[owner] && LLAMA_FACTORY_COMMANDS[context.kind]) {
    // The top complaint on LLaMA-Factory's tracker: "Some keys are not used by the HfArgumentParser".
    return configFinding('unknown-key', entry.keyRange, msg('{0} is read by `{1}`, not by `{2}`, which refuses keys it does not use; remove it or run the other command.'), [entry.key, LLAMA_FACTORY_COMMANDS[owner], LLAMA_FACTORY_COMMANDS[context.kind]], { key: entry.key });
  }
  if (owner) return configFinding('unknown-key', entry.keyRange, msg('{0} is not accepted in a {1} config; it belongs to {2}.'), [entry.key, context.kind, owner], { key: entry.key });
  return configFinding('unknown-key', entry.keyRange, msg('Unknown key {0}: the framework will refuse it at launch.'), [entry.key], { key: entry.key });
}

/** The closest known key within a small edit distance (typos, not different words). */
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const d = typoDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, counting one swap of neighbouring letters (lroa → lora) as one edit. */
export function typoDistance(a: string, b: string): number {
  if (a.length === b.length) {
    const differ: number[] = [];
    for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
    if (differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]]) return 1;
  }
  return distance(a, b);
}

function otherKindWith(key: string, kind: ConfigKind): ConfigKind | undefined {
  const sameFamily = CONFIG_KINDS.filter((k) => k !== kind && frameworkOf(k) === frameworkOf(kind));
  const otherFamily = CONFIG_KINDS.filter((k) => k !== kind && frameworkOf(k) !== frameworkOf(kind));
  return [...sameFamily, ...otherFamily].find((k) => keysForKind(k).has(key));
}
