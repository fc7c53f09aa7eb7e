import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { ConfigDocument, ConfigEntry, ConfigNode, SyntaxProblem } from './configTree';
import { LineStarts } from './configTree';

/**
 * How many values aliases may add to the tree beyond the ones written in the file. An alias
 * repeats its anchor's whole subtree for every rule that walks the tree, so nested aliases
 * ("billion laughs") would make a small file cost exponential time; real configs reuse a few
 * small blocks.
 */
export const MAX_ALIASED_VALUES = 100_000;

/**
 * Parses a YAML config the way LLaMA-Factory and TRL read it. Both go through PyYAML-style
 * YAML 1.1 loaders (OmegaConf, yaml.safe_load), so `yes`/`on` are booleans; OmegaConf also
 * reads `2e-5` as a number, which the `yaml` package's 1.1 schema does too.
 *
 * Duplicate keys, aliases and merge keys (`<<: *defaults`) are resolved here rather than by the
 * `yaml` package: its duplicate-key check compares each key with every earlier one and its alias
 * lookup walks the whole document per alias, both quadratic. Here each map keeps a set of its
 * keys and anchors are remembered as they are met, so the whole parse is linear in the text.
 */
export function parseYamlConfig(text: string): ConfigDocument {
  const lines = new LineStarts(text);
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: false, merge: true });
  const syntaxErrors: SyntaxProblem[] = doc.errors.map((e) => ({ message: e.message.split('\n')[0], range: lines.rangeAt(e.pos[0], e.pos[1]) }));
  const converter = new YamlConverter(lines, syntaxErrors);
  const root = doc.contents ? converter.convert(doc.contents) : undefined;
  syntaxErrors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return {
    format: 'yaml',
    root,
    syntaxErrors,
    headerComments: headerComments(text, '#'),
    lineCount: lines.lineCount,
    indent: detectIndent(root),
    end: lines.positionAt(text.length),
    endsWithNewline: /\n$/.test(text),
  };
}

const IN_PROGRESS = Symbol('anchor being read');

class YamlConverter {
  /** Anchors met so far, in document order: an alias names the last one before it. */
  private readonly anchors = new Map<string, ConfigNode | typeof IN_PROGRESS>();
  /** Values in each converted subtree, aliases counted at their expanded size. */
  private readonly sizes = new WeakMap<ConfigNode, number>();
  private aliased = 0;
  private aliasLimitReported = false;

  constructor(
    private readonly lines: LineStarts,
    private readonly errors: SyntaxProblem[],
  ) {}

  convert(node: Node): ConfigNode {
    if (isAlias(node)) return this.alias(node.source, node.range ?? [0, 0]);
    const anchor = node.anchor;
    if (anchor) this.anchors.set(anchor, IN_PROGRESS);
    const converted = this.convertNode(node);
    if (anchor) this.anchors.set(anchor, converted);
    return converted;
  }

  private convertNode(node: Node): ConfigNode {
    const [start, valueEnd] = node.range ?? [0, 0, 0];
    const range = this.lines.rangeAt(start, valueEnd);
    if (isMap(node)) return this.map(node.items, range);
    if (isSeq(node)) {
      const items = node.items.filter((i): i is Node => i !== null && typeof i === 'object' && 'range' in i).map((i) => this.convert(i));
      return this.sized({ type: 'array', value: items.map((i) => i.value), range, items }, items);
    }
    if (isScalar(node)) {
      const v = node.value;
      const source = node.source ?? (typeof v === 'string' ? v : String(v));
      const type = v === null || v === undefined ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
      const plain = type === 'number' && !Number.isFinite(v) ? String(v) : v === undefined ? null : v;
      return this.sized({ type, value: plain, range, source }, []);
    }
    return this.sized({ type: 'null', value: null, range }, []);
  }

  /**
   * A mapping with YAML's merge keys applied: keys written in the map win over merged ones, and
   * of several merged maps (`<<: [*a, *b]`) the earlier one wins. Merged entries keep the ranges
   * of the anchor they come from, which is where their text is.
   */
  private map(pairs: readonly unknown[], range: ConfigNode['range']): ConfigNode {
    const entries: ConfigEntry[] = [];
    const seen = new Set<string>();
    const merged: ConfigNode[] = [];
    for (const item of pairs) {
      if (!isPair(item)) continue;
      const pair = item as Pair<Node, Node | null>;
      if (isMergeKey(pair.key)) {
        merged.push(...this.mergeSources(pair));
        continue;
      }
      const entry = this.pair(pair);
      if (!entry) continue;
      const identity = `${typeof (pair.key as { value?: unknown }).value}:${entry.key}`;
      if (seen.has(identity)) this.errors.push({ message: 'Map keys must be unique', range: entry.keyRange });
      seen.add(identity);
      entries.push(entry);
    }
    const own = new Set(entries.map((e) => e.key));
    for (const source of merged) {
      for (const entry of source.entries ?? []) {
        if (own.has(entry.key)) continue;
        own.add(entry.key);
        entries.push(entry);
      }
    }
    const value: Record<string, unknown> = {};
    for (const entry of entries) value[entry.key] = entry.value.value;
    return this.sized(
      { type: 'object', value, range, entries },
      entries.map((e) => e.value),
    );
  }

  private mergeSources(pair: Pair<Node, Node | null>): ConfigNode[] {
    if (!pair.value) return [];
    const source = this.convert(pair.value);
    const candidates = source.type === 'array' && !isMap(pair.value) ? (source.items ?? []) : [source];
    const maps = candidates.filter((c) => c.type === 'object');
    if (maps.length !== candidates.length) this.errors.push({ message: 'Merge sources must be maps or map aliases', range: source.range });
    return maps;
  }

  private pair(pair: Pair<Node, Node | null>): ConfigEntry | undefined {
    const keyNode = pair.key;
    if (!keyNode || !isScalar(keyNode)) return undefined;
    if (keyNode.anchor) this.convert(keyNode);
    const key = String(keyNode.value);
    const [ks, ke] = keyNode.range ?? [0, 0];
    const keyRange = this.lines.rangeAt(ks, ke);
    // `key:` with nothing after it is null, placed right after the colon.
    const value: ConfigNode = pair.value
      ? this.convert(pair.value)
      : this.sized({ type: 'null', value: null, range: { start: keyRange.end, end: keyRange.end } }, []);
    return { key, keyRange, value };
  }

  /**
   * An alias reads as its anchor's value (YAML's meaning), placed at the alias so findings on
   * the value point where it is used. Unknown, circular or over-budget aliases read as null.
   */
  private alias(name: string, [start, end]: readonly number[]): ConfigNode {
    const range = this.lines.rangeAt(start, end);
    const target = this.anchors.get(name);
    const empty = this.sized({ type: 'null', value: null, range, source: `*${name}` }, []);
    if (target === undefined) return empty; // the yaml package reports the unknown anchor
    if (target === IN_PROGRESS) {
      this.errors.push({ message: `Alias *${name} refers to the value that contains it`, range });
      return empty;
    }
    const size = this.sizes.get(target) ?? 1;
    if (this.aliased + size > MAX_ALIASED_VALUES) {
      if (!this.aliasLimitReported)
        this.errors.push({
          message: `Aliases expand to more than ${MAX_ALIASED_VALUES.toLocaleString('en-US')} values; *${name} and later aliases are not read`,
          range,
        });
      this.aliasLimitReported = true;
      return empty;
    }
    this.aliased += size;
    const copy: ConfigNode = { ...target, range };
    this.sizes.set(copy, size);
    return copy;
  }

  private sized(node: ConfigNode, children: readonly ConfigNode[]): ConfigNode {
    let size = 1;
    for (const child of children) size += this.sizes.get(child) ?? 1;
    this.sizes.set(node, size);
    return node;
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function detectIndent(root: ConfigNode | undefined): string {
  const first = root?.entries?.[0];
  return first ? ' '.repeat(first.keyRange.start.column) : '';
}

/** Leading comment lines (before the first non-comment line), markers stripped. */
export function headerComments(text: string, marker: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith(marker)) break;
    out.push(line.slice(marker.length).trim());
  }
  return out;
}
