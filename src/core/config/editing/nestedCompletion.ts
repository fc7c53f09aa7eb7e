import type { Position } from '../../../shared/findings';
import { axolotlNestedKey } from '../catalog/axolotl/axolotlCatalog';
import { AXOLOTL_NESTED_DESCRIPTIONS } from '../catalog/axolotl/axolotlNestedDescriptions';
import { AXOLOTL_KEY_FACTS } from '../catalog/axolotl/axolotlKeys.generated';
import type { AxolotlKeyFact } from '../catalog/axolotl/importAxolotlKeys';

/**
 * The block a YAML line belongs to, one level below the top: an entry of a list
 * (`datasets:` → `- path: …`, path prefix `datasets[]`) or a mapping (`trl:` → `beta: …`,
 * prefix `trl`). Axolotl checks and documents keys one level down, so completion does too.
 */
export interface NestedBlock {
  /** `datasets[]`, `trl`: the key paths of the block's keys start with this and a dot. */
  prefix: string;
  /** Keys the entry or block already has. */
  existing: Set<string>;
}

interface Line {
  indent: number;
  text: string;
}

/**
 * The block of the line at `position`, found from indentation alone because the text is often
 * mid-edit: the key's column, then upwards the `- ` that opens its list entry (if any), then the
 * parent `key:` at the top-level indentation.
 */
export function nestedBlockAt(lines: readonly string[], position: Position, keyColumn: number, topIndent: number): NestedBlock | undefined {
  if (keyColumn <= topIndent) return undefined;
  const at = (i: number): Line | undefined => {
    const text = lines[i].replace(/\r$/, '');
    if (!text.trim() || text.trimStart().startsWith('#')) return undefined;
    return { indent: text.length - text.trimStart().length, text };
  };
  // The list entry opens on a `- ` line whose key starts at keyColumn (the cursor's own line included).
  let entryStart: number | undefined;
  let dashColumn: number | undefined;
  let parentLine: number | undefined;
  const opensEntry = (text: string) => {
    const dash = /^(\s*)-\s+/.exec(text);
    return dash && dash[0].length === keyColumn ? dash[1].length : undefined;
  };
  dashColumn = opensEntry(lines[position.line]);
  if (dashColumn !== undefined) entryStart = position.line;
  for (let i = position.line - 1; i >= 0 && parentLine === undefined; i--) {
    const line = at(i);
    // Siblings of the key, and anything deeper, belong to the same block.
    if (!line || line.indent >= keyColumn) continue;
    if (dashColumn === undefined) {
      dashColumn = opensEntry(line.text);
      if (dashColumn !== undefined) entryStart = i;
      else parentLine = i;
      continue;
    }
    // Above the entry: earlier entries of the list, then the parent key (YAML lets list items
    // sit at their parent's indentation: `datasets:` then `- path:`).
    const isDash = /^\s*-(\s|$)/.test(line.text);
    if (line.indent < dashColumn || (line.indent === dashColumn && !isDash)) parentLine = i;
  }
  if (parentLine === undefined) return undefined;
  const parent = /^(\s*)([\w.$-]+)\s*:\s*(?:#.*)?$/.exec(lines[parentLine].replace(/\r$/, ''));
  if (!parent || parent[1].length !== topIndent) return undefined;
  const list = dashColumn !== undefined;
  const prefix = list ? `${parent[2]}[]` : parent[2];
  // The entry's (or block's) keys: from its first line to the next line that is not deeper.
  const existing = new Set<string>();
  const first = entryStart ?? parentLine + 1;
  for (let i = first; i < lines.length; i++) {
    const line = at(i);
    if (!line) continue;
    if (i > first && (line.indent < keyColumn || (list && line.indent === dashColumn))) break;
    if (i === first && list) {
      const key = /^\s*-\s+([\w.$-]+)\s*:/.exec(line.text);
      if (key) existing.add(key[1]);
      continue;
    }
    const key = line.indent === keyColumn ? /^\s*([\w.$-]+)\s*:/.exec(line.text) : null;
    if (key && i !== position.line) existing.add(key[1]);
  }
  return { prefix, existing };
}

/** The keys one level under `prefix` (`datasets[]` → `path`, `type`, …) with their facts. */
export function nestedKeysOf(prefix: string): Array<{ name: string; fact: AxolotlKeyFact; description: string }> {
  const out: Array<{ name: string; fact: AxolotlKeyFact; description: string }> = [];
  for (const fact of AXOLOTL_KEY_FACTS) {
    if (!fact.path.startsWith(`${prefix}.`) || fact.scope === 'internal') continue;
    const name = fact.path.slice(prefix.length + 1);
    if (/[.[]/.test(name)) continue;
    out.push({ name, fact, description: nestedDescription(prefix, name) });
  }
  return out;
}

/** A nested key's fact (`datasets[]`, `type`). */
export function nestedKeyFact(prefix: string, name: string): AxolotlKeyFact | undefined {
  return axolotlNestedKey(`${prefix}.${name}`);
}

/** Our description of a nested key; evaluation and pretraining entries are dataset entries too. */
function nestedDescription(prefix: string, name: string): string {
  return (
    AXOLOTL_NESTED_DESCRIPTIONS[`${prefix}.${name}`] ??
    (/^(test_datasets|pretraining_dataset)\[\]$/.test(prefix) ? AXOLOTL_NESTED_DESCRIPTIONS[`datasets[].${name}`] : undefined) ??
    ''
  );
}
