import { distance } from 'fastest-levenshtein';
import { msg } from '../../dataset/messageTemplate';
import { keysForKind } from '../catalog/configCatalog';
import type { ConfigFinding } from '../configFindings';
import { renameKeyEdit } from '../edits/configEdits';
import type { ConfigKind } from '../kinds/configKind';
import { CONFIG_KINDS } from '../kinds/configKind';
import type { ConfigRule } from './configRule';
import { configFinding } from './configRule';

/**
 * Keys the kind's argument classes do not define. LLaMA-Factory and TRL both refuse them at
 * launch, so each one is flagged with the closest real key ("did you mean") or, when the key
 * belongs to another kind (a TRL key in a LLaMA-Factory file, a training key in an inference
 * config), with that kind.
 */
export const unknownKeyRule: ConfigRule = {
  codes: ['unknown-key'],
  check(context) {
    const known = keysForKind(context.kind);
    const findings: ConfigFinding[] = [];
    for (const entry of context.document.root?.entries ?? []) {
      if (known.has(entry.key) || entry.key === '$schema') continue;
      const suggestion = closestKey(entry.key, known.keys());
      if (suggestion) {
        findings.push(
          configFinding('unknown-key', entry.keyRange, msg('Unknown key {0}; did you mean {1}?'), [entry.key, suggestion], {
            key: entry.key,
            fixes: [{ title: msg('Rename to {0}'), args: [suggestion], edits: [renameKeyEdit(context.document, entry, suggestion)], preferred: true }],
          }),
        );
        continue;
      }
      const owner = otherKindWith(entry.key, context.kind);
      findings.push(
        owner
          ? configFinding('unknown-key', entry.keyRange, msg('{0} is not accepted in a {1} config; it belongs to {2}.'), [entry.key, context.kind, owner], { key: entry.key })
          : configFinding('unknown-key', entry.keyRange, msg('Unknown key {0}: the framework will refuse it at launch.'), [entry.key], { key: entry.key }),
      );
    }
    return findings;
  },
};

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
  const sameFamily = CONFIG_KINDS.filter((k) => k !== kind && k.split('-')[0] === kind.split('-')[0]);
  const otherFamily = CONFIG_KINDS.filter((k) => k !== kind && k.split('-')[0] !== kind.split('-')[0]);
  return [...sameFamily, ...otherFamily].find((k) => keysForKind(k).has(key));
}
