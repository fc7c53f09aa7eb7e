import { getLocation } from 'jsonc-parser';
import type { Position, Range } from '../../../shared/findings';
import type { AxolotlKeyFact } from '../catalog/axolotl/importAxolotlKeys';
import type { Settings } from '../../settings/settings';
import { keysForKind } from '../catalog/configCatalog';
import type { CatalogKey } from '../catalog/catalogKey';
import { keyRecommendation } from '../facts/keyRecommendations';
import type { TrainingFacts } from '../facts/trainingFacts';
import type { ConfigKind } from '../kinds/configKind';
import { LineStarts } from '../document/configTree';
import { nestedBlockAt, nestedKeyFact, nestedKeysOf } from './nestedCompletion';

/**
 * Where the cursor is: typing a key, or the value of one. `block` is set inside a nested block
 * or list entry (`datasets[]`, `trl`); without it the key is a top-level one.
 */
export type CompletionSpot =
  | { at: 'key'; range: Range; existing: Set<string>; quoted: boolean; block?: string }
  | { at: 'value'; key: string; range: Range; quoted: boolean; block?: string };

export interface ConfigCompletionItem {
  label: string;
  kind: 'key' | 'value';
  /** English description template (keys), localised by the adapter. */
  documentation?: string;
  detail: string;
  /** Text to insert; `$1` marks the cursor for snippet-capable editors. */
  insertText: string;
  range: Range;
  /** Values: recommended by the fine-tuning rules (sorted first) or the framework default. */
  tag?: 'recommended' | 'default';
  sortText: string;
}

/**
 * The completion spot from the raw text, which is often mid-edit and not parseable. YAML:
 * a bare word at the top-level indentation is a key, text after `key:` is its value. JSON:
 * jsonc-parser's location at the offset.
 */
export function completionSpot(text: string, format: 'yaml' | 'json', offset: number): CompletionSpot | undefined {
  const lines = new LineStarts(text);
  const position = lines.positionAt(offset);
  if (format === 'json') {
    const location = getLocation(text, offset);
    const node = location.previousNode;
    const wordRange =
      node && (node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null')
        ? lines.rangeAt(node.offset, node.offset + node.length)
        : { start: position, end: position };
    if (location.isAtPropertyKey && location.path.length === 1) {
      const existing = new Set(topLevelJsonKeys(text));
      return { at: 'key', range: wordRange, existing, quoted: node?.type === 'string' };
    }
    if (!location.isAtPropertyKey && location.path.length === 1 && typeof location.path[0] === 'string')
      return { at: 'value', key: location.path[0], range: wordRange, quoted: node?.type === 'string' };
    return undefined;
  }
  const lineText = text.slice(offset - position.column, text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset)).replace(/\r$/, '');
  const before = lineText.slice(0, position.column);
  const indent = topLevelIndent(text);
  const keyMatch = /^(\s*)([\w.$-]*)$/.exec(before);
  if (keyMatch && keyMatch[1] === indent && !lineText.slice(position.column).includes(':')) {
    const start = { line: position.line, column: keyMatch[1].length };
    const wordEnd = position.column + (/^[\w.$-]*/.exec(lineText.slice(position.column))?.[0].length ?? 0);
    return { at: 'key', range: { start, end: { line: position.line, column: wordEnd } }, existing: yamlKeys(text, indent), quoted: false };
  }
  const valueMatch = /^(\s*)([\w.$-]+)\s*:\s*(\S*)$/.exec(before);
  if (valueMatch && valueMatch[1] === indent) {
    const start = { line: position.line, column: position.column - valueMatch[3].length };
    const rest = /^\S*/.exec(lineText.slice(position.column))?.[0].length ?? 0;
    return { at: 'value', key: valueMatch[2], range: { start, end: { line: position.line, column: position.column + rest } }, quoted: false };
  }
  return nestedSpot(text, position, lineText, before, indent);
}

/** A key or value inside a block or list entry one level down (`  - pa`, `    type: `, `  beta: `). */
function nestedSpot(text: string, position: Position, lineText: string, before: string, indent: string): CompletionSpot | undefined {
  const lines = text.split('\n');
  const keyMatch = /^(\s*(?:-\s+)?)([\w.$-]*)$/.exec(before);
  if (keyMatch && !lineText.slice(position.column).includes(':')) {
    const block = nestedBlockAt(lines, position, keyMatch[1].length, indent.length);
    if (!block) return undefined;
    const wordEnd = position.column + (/^[\w.$-]*/.exec(lineText.slice(position.column))?.[0].length ?? 0);
    return {
      at: 'key',
      range: { start: { line: position.line, column: keyMatch[1].length }, end: { line: position.line, column: wordEnd } },
      existing: block.existing,
      quoted: false,
      block: block.prefix,
    };
  }
  const valueMatch = /^(\s*(?:-\s+)?)([\w.$-]+)\s*:\s*(\S*)$/.exec(before);
  if (!valueMatch) return undefined;
  const block = nestedBlockAt(lines, position, valueMatch[1].length, indent.length);
  if (!block) return undefined;
  const rest = /^\S*/.exec(lineText.slice(position.column))?.[0].length ?? 0;
  return {
    at: 'value',
    key: valueMatch[2],
    range: { start: { line: position.line, column: position.column - valueMatch[3].length }, end: { line: position.line, column: position.column + rest } },
    quoted: false,
    block: block.prefix,
  };
}

export function configCompletions(
  spot: CompletionSpot,
  kind: ConfigKind,
  facts: TrainingFacts | undefined,
  settings: Settings,
  format: 'yaml' | 'json',
): ConfigCompletionItem[] {
  if (spot.block !== undefined) return kind === 'axolotl' ? nestedCompletions(spot, spot.block) : [];
  const keys = keysForKind(kind);
  if (spot.at === 'key') {
    const items: ConfigCompletionItem[] = [];
    for (const key of keys.values()) {
      if (spot.existing.has(key.name)) continue;
      items.push({
        label: key.name,
        kind: 'key',
        documentation: key.description,
        detail: detailOf(key),
        insertText: format === 'json' ? `"${key.name}": ${snippetValue(key, format)}` : `${key.name}: ${snippetValue(key, format)}`,
        range: spot.range,
        sortText: `${groupRank(key)}${key.name}`,
      });
    }
    return items;
  }
  const key = keys.get(spot.key);
  if (!key) return [];
  const recommendation = facts ? keyRecommendation(spot.key, kind, facts, settings) : undefined;
  return valueCompletions(key, spot.range, format, recommendation && /^[\w.,+-]+$/.test(recommendation.value) ? recommendation.value : undefined);
}

/** Keys of a nested block not yet set (documented ones first), or the values of one of them. */
function nestedCompletions(spot: CompletionSpot, block: string): ConfigCompletionItem[] {
  if (spot.at === 'value') {
    const fact = nestedKeyFact(block, spot.key);
    return fact ? valueCompletions(nestedCatalogKey(block, spot.key, fact, ''), spot.range, 'yaml', undefined) : [];
  }
  return nestedKeysOf(block)
    .filter((k) => !spot.existing.has(k.name))
    .map((k) => {
      const key = nestedCatalogKey(block, k.name, k.fact, k.description);
      return {
        label: k.name,
        kind: 'key' as const,
        documentation: k.description || undefined,
        detail: detailOf(key),
        insertText: `${k.name}: ${snippetValue(key, 'yaml')}`,
        range: spot.range,
        sortText: `${k.description ? 0 : 1}${k.name}`,
      };
    });
}

function nestedCatalogKey(block: string, name: string, fact: AxolotlKeyFact, description: string): CatalogKey {
  const hasDefault = Object.prototype.hasOwnProperty.call(fact, 'default');
  return {
    name: `${block}.${name}`,
    schema: fact.schema,
    hasDefault,
    ...(hasDefault ? { default: fact.default } : {}),
    source: 'axolotl',
    group: fact.plugin ?? 'Axolotl',
    description,
  };
}

/** A key's values: the recommendation first, then the allowed values, booleans, the default. */
function valueCompletions(key: CatalogKey, range: Range, format: 'yaml' | 'json', recommended: string | undefined): ConfigCompletionItem[] {
  const values: Array<{ value: string; recommended?: boolean }> = [];
  if (recommended !== undefined) values.push({ value: recommended, recommended: true });
  const types = Array.isArray(key.schema.type) ? key.schema.type : [key.schema.type];
  for (const v of key.schema.enum ?? []) if (typeof v === 'string') values.push({ value: v });
  for (const v of key.schema.examples ?? []) values.push({ value: v });
  if (types.includes('boolean')) values.push({ value: 'true' }, { value: 'false' });
  const fallback = scalarText(key.default);
  if (key.hasDefault && fallback !== undefined) values.push({ value: fallback });
  const seen = new Set<string>();
  return values
    .filter((v) => !seen.has(v.value) && seen.add(v.value))
    .map((v, i) => ({
      label: v.value,
      kind: 'value' as const,
      detail: '',
      tag: v.recommended ? ('recommended' as const) : key.hasDefault && scalarText(key.default) === v.value ? ('default' as const) : undefined,
      insertText:
        format === 'json' && types.includes('string') && !['true', 'false'].includes(v.value) && Number.isNaN(Number(v.value))
          ? JSON.stringify(v.value)
          : v.value,
      range,
      sortText: String(i).padStart(3, '0'),
    }));
}

function detailOf(key: CatalogKey): string {
  const types = key.schema.type === undefined ? 'any' : Array.isArray(key.schema.type) ? key.schema.type.join(' | ') : key.schema.type;
  return key.hasDefault ? `${types} = ${JSON.stringify(key.default)}` : types;
}

/** A placeholder value: the default when it is a scalar, else an empty slot. */
function snippetValue(key: CatalogKey, format: 'yaml' | 'json'): string {
  const d = scalarText(key.default);
  if (d === undefined) return '$1';
  const text = format === 'json' && typeof key.default === 'string' ? JSON.stringify(d) : d;
  return `\${1:${text.replace(/[$}\\]/g, '\\$&')}}`;
}

/** The framework's own keys before TrainingArguments', and those before the rare ones. */
function groupRank(key: CatalogKey): string {
  return key.source === 'hf' ? '1' : key.source === 'megatron' ? '2' : '0';
}

function topLevelIndent(text: string): string {
  for (const line of text.split('\n')) {
    const m = /^(\s*)[\w.$-]+\s*:/.exec(line);
    if (m && !line.trimStart().startsWith('#')) return m[1];
  }
  return '';
}

function yamlKeys(text: string, indent: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^(\s*)([\w.$-]+)\s*:/.exec(line);
    if (m && m[1] === indent) keys.add(m[2]);
  }
  return keys;
}

function topLevelJsonKeys(text: string): string[] {
  const keys: string[] = [];
  const matcher = /"([^"\\]+)"\s*:/g;
  let depth = 0;
  let last = 0;
  for (const m of text.matchAll(matcher)) {
    const between = text.slice(last, m.index);
    for (const c of between) depth += c === '{' || c === '[' ? 1 : c === '}' || c === ']' ? -1 : 0;
    last = m.index;
    if (depth === 1) keys.push(m[1]);
  }
  return keys;
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
