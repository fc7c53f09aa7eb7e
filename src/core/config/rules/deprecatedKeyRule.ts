import { msg } from '../../../shared/messageTemplate';
import type { ConfigFinding, ConfigFix } from '../configFindings';
import type { ConfigEntry } from '../document/configTree';
import { renameKeyEdit } from '../editing/configEdits';
import { AXOLOTL_DEPRECATED_KEYS, AXOLOTL_DEPRECATED_VALUES } from './axolotlDeprecations';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { configFinding, entryRange } from './configRule';

/**
 * Axolotl keys and values that are deprecated (Axolotl warns and rewrites them: a note naming
 * the replacement) or removed (Axolotl stops at launch: an error). Dataset entries written as
 * `type: sharegpt` and `fsdp_`-prefixed keys inside `fsdp_config` are checked too.
 */
export const deprecatedKeyRule = defineConfigRule({
  info: [
    {
      code: 'deprecated-key',
      defaultSeverity: 'info',
      title: msg('Deprecated or removed Axolotl setting'),
      why: msg('Axolotl rewrites deprecated settings with a warning and will drop them; removed ones stop the run at launch (shown as errors).'),
      settings: [],
    },
  ],
  check(context) {
    if (context.kind !== 'axolotl') return [];
    const findings: ConfigFinding[] = [];
    for (const entry of context.document.root?.entries ?? []) {
      const value = entry.value.value;
      const key = AXOLOTL_DEPRECATED_KEYS[entry.key];
      if (key) {
        const set = value !== null && value !== false && value !== undefined && value !== '';
        // A removed key left empty (`max_packed_sequence_len:`) stops nothing; a false attention flag replaces nothing.
        if ((key.stops || key.whenTrue) && !set) continue;
        findings.push(keyFinding(context, entry, key.use, key.rename, key.stops === true));
      }
      for (const deprecated of AXOLOTL_DEPRECATED_VALUES[entry.key] ?? []) {
        if (!deprecated.matches(value)) continue;
        const finding = configFinding(
          'deprecated-key',
          entryRange(entry),
          deprecated.stops ? msg('{0}: {1} is no longer accepted and stops the run; write {2}.') : msg('{0}: {1} is deprecated; write {2}.'),
          [entry.key, String(value), deprecated.use],
          { key: entry.key },
        );
        findings.push(deprecated.stops ? { ...finding, severity: 'error' } : finding);
      }
      if (entry.key === 'datasets' || entry.key === 'test_datasets') findings.push(...sharegptTypes(entry));
      if (entry.key === 'fsdp_config') findings.push(...prefixedFsdpKeys(context, entry));
    }
    return findings;
  },
});

function keyFinding(context: ConfigRuleContext, entry: ConfigEntry, use: string | undefined, rename: string | undefined, stops: boolean): ConfigFinding {
  const fixes: ConfigFix[] = rename
    ? [{ title: msg('Rename to {0}'), args: [rename], edits: [renameKeyEdit(context.document, entry, rename)], preferred: true }]
    : [];
  const message = stops
    ? use
      ? msg('Axolotl no longer supports {0} and stops when it is set; use {1}.')
      : msg('Axolotl no longer supports {0} and stops when it is set; remove it.')
    : msg('{0} is deprecated in Axolotl; use {1}.');
  const finding = configFinding('deprecated-key', entry.keyRange, message, use ? [entry.key, use] : [entry.key], { key: entry.key, fixes });
  return stops ? { ...finding, severity: 'error' } : finding;
}

/** `type: sharegpt…` raises in current Axolotl: conversations are `type: chat_template`. */
function sharegptTypes(entry: ConfigEntry): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  for (const [index, item] of (entry.value.items ?? []).entries()) {
    const type = item.entries?.find((e) => e.key === 'type');
    if (type && typeof type.value.value === 'string' && /^sharegpt(\.|$)/.test(type.value.value)) {
      const finding = configFinding(
        'deprecated-key',
        type.value.range,
        msg('{0}: {1} is no longer accepted and stops the run; write {2}.'),
        [`${entry.key}[${index}].type`, type.value.value, 'type: chat_template'],
        { key: entry.key },
      );
      findings.push({ ...finding, severity: 'error' });
    }
  }
  return findings;
}

/**
 * Inside `fsdp_config`, `fsdp_offload_params` is now `offload_params`: Axolotl strips the prefix
 * and warns. One note for the block (a dozen prefixed keys is one habit, not a dozen problems),
 * with a fix that strips them all.
 */
function prefixedFsdpKeys(context: ConfigRuleContext, entry: ConfigEntry): ConfigFinding[] {
  const prefixed = (entry.value.entries ?? []).filter((e) => e.key.startsWith('fsdp_') && e.key !== 'fsdp_version');
  if (!prefixed.length) return [];
  const edits = prefixed.map((e) => renameKeyEdit(context.document, e, e.key.slice('fsdp_'.length)));
  return [
    configFinding(
      'deprecated-key',
      entry.keyRange,
      msg('{0}: the fsdp_ prefix on {1} keys ({2}) is deprecated; Axolotl strips it.'),
      [
        'fsdp_config',
        prefixed.length,
        prefixed
          .map((e) => e.key)
          .slice(0, 3)
          .join(', ') + (prefixed.length > 3 ? ', …' : ''),
      ],
      {
        key: 'fsdp_config',
        fixes: [{ title: msg('Remove the fsdp_ prefix from {0} keys'), args: [prefixed.length], edits, preferred: true }],
      },
    ),
  ];
}
