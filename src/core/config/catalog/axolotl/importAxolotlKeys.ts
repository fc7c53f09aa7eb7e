import type { JsonSchemaType } from '../importKeyFacts';

/**
 * One row of Axolotl's key table (`axolotl-keys.tsv`, read from its pydantic models): a key
 * path (`base_model`, `datasets[].type`, `trl.beta`), a lenient JSON Schema of its type and
 * its default. Axolotl's own descriptions are not copied: ours are in axolotlDescriptions.ts.
 */
export interface AxolotlKeyFact {
  path: string;
  schema: JsonSchemaType;
  default?: unknown;
  /** `plugin`: only read when the named plugin is enabled; `internal`: filled in by Axolotl. */
  scope?: 'plugin' | 'internal';
  plugin?: string;
}

export function parseAxolotlKeys(tsv: string): AxolotlKeyFact[] {
  const lines = tsv.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split('\t') ?? [];
  const at = (name: string) => header.indexOf(name);
  const byPath = new Map<string, AxolotlKeyFact>();
  for (const line of lines) {
    const cells = line.split('\t');
    const path = cells[at('key')];
    const pyType = cells[at('type')] ?? '';
    if (!path || pyType === '(not a field)') continue;
    const notes = cells[at('notes')] ?? '';
    const allowed = (cells[at('allowed_values')] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v && !/\s/.test(v));
    const fact: AxolotlKeyFact = { path, schema: schemaOfAxolotlType(pyType, allowed, notes) };
    const parsed = parsePythonDefault(cells[at('default')] ?? '');
    if (parsed.known) fact.default = parsed.value;
    if (notes.startsWith('internal')) fact.scope = 'internal';
    const plugin = /plugins: \[([\w.]+)\]/.exec(notes);
    if (plugin) {
      fact.scope = 'plugin';
      fact.plugin = plugin[1];
    }
    const existing = byPath.get(path);
    // A dataset entry is a union of classes: the same key with different types means any of them.
    byPath.set(path, existing ? { ...existing, schema: mergeSchemas(existing.schema, fact.schema) } : fact);
  }
  return [...byPath.values()];
}

/**
 * Python annotation → JSON Schema, erring towards valid: every value pydantic accepts must
 * pass, so enums (Axolotl's `str | Enum` keys) close a key only when its type is nothing but
 * Literal / Enum members, and classes we cannot see into are `object` or unrestricted.
 */
export function schemaOfAxolotlType(pyType: string, allowed: readonly string[], notes: string): JsonSchemaType {
  // Axolotl's own examples leave keys empty (`output_dir:`) and run: an empty value reads as
  // unset, so every key is nullable whatever its annotation says.
  const nullable = true;
  const t = /^Optional\[(.*)\]$/.exec(pyType.trim())?.[1] ?? pyType.trim();
  const types = new Set<string>();
  const literals: Array<string | null> = [];
  let openString = false;
  let items: JsonSchemaType | undefined;
  for (const raw of splitTopLevel(t)) {
    const p = raw.trim();
    if (p === 'None') continue;
    if (p === 'bool') types.add('boolean');
    else if (p === 'int' || p === 'PositiveInt') types.add('integer');
    else if (p === 'float') types.add('number');
    else if (p === 'str') {
      types.add('string');
      openString = true;
    } else if (p.startsWith('Literal[')) {
      types.add('string');
      literals.push(...[...p.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]));
    } else if (p.startsWith('list[') || p.startsWith('tuple[')) {
      types.add('array');
      if (p === 'list[str]') items = { type: 'string' };
    } else if (p.startsWith('dict') || p === 'Any') {
      if (p === 'Any') return {};
      types.add('object');
    } else if (/Config$|Spec$|Dataset$|Capabilities$/.test(p)) types.add('object');
    else if (p === 'UserDefinedPrompterType' || p.startsWith('UserDefined')) types.add('object');
    else if (allowed.length) {
      // An Enum (RLType, ChatTemplate, TorchAOQuantDType…): its members are the allowed values.
      types.add('string');
      literals.push(...allowed);
    } else return {}; // a class we cannot see into (CompressionArgs…): anything goes
  }
  if (types.has('number')) types.delete('integer');
  // pydantic's lax mode takes true/false for a number (`jagged_restart_anneal_steps: false`).
  if (types.has('number') || types.has('integer')) types.add('boolean');
  // "type also admits a plain str": the listed values are examples, not a closed set.
  if (/admits a plain str|not a closed set|outside Axolotl/.test(notes)) openString = true;
  if (nullable) types.add('null');
  const schema: JsonSchemaType = {};
  const list = [...types];
  if (list.length === 1) schema.type = list[0];
  else if (list.length > 1) schema.type = list;
  if (literals.length && !openString) {
    // Other types (a boolean beside Literal['auto']) stay valid through `anyOf`-free enums of every kind.
    const others = list.filter((x) => x !== 'string');
    if (others.length === 0) schema.enum = nullable ? [...literals, null] : [...literals];
    else if (others.every((x) => x === 'boolean' || x === 'null'))
      schema.enum = [...literals, ...(others.includes('boolean') ? [true, false] : []), ...(nullable ? [null] : [])];
    else schema.examples = literals.filter((v): v is string => typeof v === 'string');
  } else if (literals.length || allowed.length) {
    schema.examples = [...new Set([...literals, ...allowed])].filter((v): v is string => typeof v === 'string');
  }
  if (items) schema.items = items;
  return schema;
}

function splitTopLevel(t: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of t) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '|' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Two schemas of the same key in different dataset classes: whatever either accepts. */
export function mergeSchemas(a: JsonSchemaType, b: JsonSchemaType): JsonSchemaType {
  if (a.type === undefined || b.type === undefined) return {};
  const list = (s: JsonSchemaType) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
  const types = [...new Set([...list(a), ...list(b)])];
  const merged: JsonSchemaType = { type: types.length === 1 ? types[0] : types };
  if (a.enum && b.enum) merged.enum = [...new Set([...a.enum, ...b.enum])];
  const examples = [...(a.examples ?? []), ...(b.examples ?? []), ...(a.enum ?? []).filter((v): v is string => typeof v === 'string')];
  if (!merged.enum && examples.length) merged.examples = [...new Set(examples)];
  return merged;
}

export function parsePythonDefault(raw: string): { known: boolean; value?: unknown } {
  const text = raw.trim();
  if (text === '' || text === '(required)' || text.startsWith('factory')) return { known: false };
  if (text === 'None') return { known: true, value: null };
  if (text === 'True') return { known: true, value: true };
  if (text === 'False') return { known: true, value: false };
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(text);
  if (quoted) return { known: true, value: quoted[1] ?? quoted[2] };
  if (/^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(text)) return { known: true, value: Number(text) };
  const member = /^\w+\.(\w+)$/.exec(text);
  if (member) return { known: true, value: member[1] };
  return { known: false };
}
