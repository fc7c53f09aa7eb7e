import { msg } from '../../../shared/messageTemplate';
import { keysForKind } from '../catalog/configCatalog';
import { LLAMA_FACTORY_COMMANDS, RENAMED_KEYS, SIDE_TO_PIXELS_RENAMES } from '../catalog/renamedKeys';
import type { ConfigFinding } from '../configFindings';
import type { ConfigEntry } from '../document/configTree';
import { closestKey } from '../facts/closestKey';
import { numberLiteral, renameKeyEdit, setValueEdit } from '../editing/configEdits';
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
  const rename = (target: string) => ({
    title: msg('Rename to {0}'),
    args: [target],
    edits: [renameKeyEdit(context.document, entry, target)],
    preferred: true,
  });
  const renamed = framework === 'axolotl' ? undefined : RENAMED_KEYS[framework][entry.key];
  if (renamed && known.has(renamed) && SIDE_TO_PIXELS_RENAMES.has(entry.key)) return sideToPixelsFinding(context, entry, renamed);
  if (renamed && known.has(renamed)) {
    return configFinding('unknown-key', entry.keyRange, msg('{0} was renamed to {1}; the current version refuses the old name.'), [entry.key, renamed], {
      key: entry.key,
      fixes: [rename(renamed)],
    });
  }
  const suggestion = closestKey(entry.key, known.keys());
  if (suggestion) {
    const message =
      framework === 'axolotl'
        ? msg('Axolotl does not define {0} and drops it, so it has no effect; did you mean {1}?')
        : msg('Unknown key {0}; did you mean {1}?');
    return configFinding('unknown-key', entry.keyRange, message, [entry.key, suggestion], { key: entry.key, fixes: [rename(suggestion)] });
  }
  if (framework === 'axolotl')
    return configFinding('unknown-key', entry.keyRange, msg('Axolotl does not define {0} and drops it, so it has no effect.'), [entry.key], { key: entry.key });
  const owner = otherKindWith(entry.key, context.kind);
  if (owner && LLAMA_FACTORY_COMMANDS[owner] && LLAMA_FACTORY_COMMANDS[context.kind]) {
    // The top complaint on LLaMA-Factory's tracker: "Some keys are not used by the HfArgumentParser".
    return configFinding(
      'unknown-key',
      entry.keyRange,
      msg('{0} is read by `{1}`, not by `{2}`, which refuses keys it does not use; remove it or run the other command.'),
      [entry.key, LLAMA_FACTORY_COMMANDS[owner], LLAMA_FACTORY_COMMANDS[context.kind]],
      { key: entry.key },
    );
  }
  if (owner)
    return configFinding('unknown-key', entry.keyRange, msg('{0} is not accepted in a {1} config; it belongs to {2}.'), [entry.key, context.kind, owner], {
      key: entry.key,
    });
  return configFinding('unknown-key', entry.keyRange, msg('Unknown key {0}: the framework will refuse it at launch.'), [entry.key], { key: entry.key });
}

/** `image_resolution: 512` → `image_max_pixels: 262144`: the same bound, counted as the new key counts. */
function sideToPixelsFinding(context: ConfigRuleContext, entry: ConfigEntry, renamed: string): ConfigFinding {
  const side = entry.value.value;
  if (typeof side !== 'number' || !Number.isInteger(side) || side <= 0) {
    return configFinding(
      'unknown-key',
      entry.keyRange,
      msg('{0} was replaced by {1}, which counts pixels (width × height) instead of the longest side; the current version refuses the old name.'),
      [entry.key, renamed],
      { key: entry.key },
    );
  }
  const pixels = side * side;
  const fix = {
    title: msg('Replace with {0}: {1}'),
    args: [renamed, pixels],
    edits: [renameKeyEdit(context.document, entry, renamed), setValueEdit(entry, numberLiteral(pixels))],
    preferred: true,
  };
  return configFinding(
    'unknown-key',
    entry.keyRange,
    msg(
      '{0} was replaced by {1}, which counts pixels (width × height) instead of the longest side: {2} becomes {3} ({2} × {2}); the current version refuses the old name.',
    ),
    [entry.key, renamed, side, pixels],
    { key: entry.key, fixes: [fix] },
  );
}

function otherKindWith(key: string, kind: ConfigKind): ConfigKind | undefined {
  const sameFamily = CONFIG_KINDS.filter((k) => k !== kind && frameworkOf(k) === frameworkOf(kind));
  const otherFamily = CONFIG_KINDS.filter((k) => k !== kind && frameworkOf(k) !== frameworkOf(kind));
  return [...sameFamily, ...otherFamily].find((k) => keysForKind(k).has(key));
}
