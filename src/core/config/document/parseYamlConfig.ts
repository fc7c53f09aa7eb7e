import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { ConfigDocument, ConfigEntry, ConfigNode, SyntaxProblem } from './configTree';
import { LineStarts } from './configTree';

/**
 * Parses a YAML config the way LLaMA-Factory and TRL read it. Both go through PyYAML-style
 * YAML 1.1 loaders (OmegaConf, yaml.safe_load), so `yes`/`on` are booleans; OmegaConf also
 * reads `2e-5` as a number, which the `yaml` package's 1.1 schema does too.
 */
export function parseYamlConfig(text: string): ConfigDocument {
  const lines = new LineStarts(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const syntaxErrors: SyntaxProblem[] = doc.errors.map((e) => ({ message: e.message.split('\n')[0], range: lines.rangeAt(e.pos[0], e.pos[1]) }));
  const root = doc.contents ? convert(doc.contents, lines) : undefined;
  return { format: 'yaml', root, syntaxErrors, headerComments: headerComments(text, '#'), lineCount: lines.lineCount, indent: detectIndent(root), end: lines.positionAt(text.length), endsWithNewline: /\n$/.test(text) };
}

function convert(node: Node, lines: LineStarts): ConfigNode {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  const range = lines.rangeAt(start, valueEnd);
  if (isMap(node)) {
    const entries: ConfigEntry[] = [];
    const value: Record<string, unknown> = {};
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const entry = convertPair(item as Pair<Node, Node | null>, lines);
      if (!entry) continue;
      entries.push(entry);
      value[entry.key] = entry.value.value;
    }
    return { type: 'object', value, range, entries };
  }
  if (isSeq(node)) {
    const items = node.items.filter((i): i is Node => i !== null && typeof i === 'object' && 'range' in i).map((i) => convert(i, lines));
    return { type: 'array', value: items.map((i) => i.value), range, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const source = node.source ?? (typeof v === 'string' ? v : String(v));
    const type = v === null || v === undefined ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    const plain = type === 'number' && !Number.isFinite(v) ? String(v) : v === undefined ? null : v;
    return { type, value: plain, range, source };
  }
  return { type: 'null', value: null, range };
}

function convertPair(pair: Pair<Node, Node | null>, lines: LineStarts): ConfigEntry | undefined {
  const keyNode = pair.key;
  if (!keyNode || !isScalar(keyNode)) return undefined;
  const key = String(keyNode.value);
  const [ks, ke] = keyNode.range ?? [0, 0];
  const keyRange = lines.rangeAt(ks, ke);
  // `key:` with nothing after it is null, placed right after the colon.
  const value: ConfigNode = pair.value ? convert(pair.value, lines) : { type: 'null', value: null, range: { start: keyRange.end, end: keyRange.end } };
  return { key, keyRange, value };
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
