import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { ConfigDocument, ConfigEntry, ConfigNode } from './configTree';
import { LineStarts } from './configTree';
import { headerComments } from './parseYamlConfig';

/** Parses a JSON (or JSON with comments) config with positions. */
export function parseJsonConfig(text: string): ConfigDocument {
  const lines = new LineStarts(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntaxErrors = errors.map((e) => ({
    message: describeError(printParseErrorCode(e.error)),
    range: lines.rangeAt(e.offset, e.offset + Math.max(1, e.length)),
  }));
  const root = tree ? convert(tree, lines) : undefined;
  const firstKey = root?.entries?.[0];
  return {
    format: 'json',
    root,
    syntaxErrors,
    headerComments: headerComments(text, '//'),
    lineCount: lines.lineCount,
    indent: firstKey ? ' '.repeat(firstKey.keyRange.start.column) : '  ',
    end: lines.positionAt(text.length),
    endsWithNewline: /\n$/.test(text),
  };
}

function convert(node: Node, lines: LineStarts): ConfigNode {
  const range = lines.rangeAt(node.offset, node.offset + node.length);
  if (node.type === 'object') {
    const entries: ConfigEntry[] = [];
    const value: Record<string, unknown> = {};
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || typeof keyNode.value !== 'string') continue;
      const keyRange = lines.rangeAt(keyNode.offset, keyNode.offset + keyNode.length);
      const converted: ConfigNode = valueNode ? convert(valueNode, lines) : { type: 'null', value: null, range: { start: keyRange.end, end: keyRange.end } };
      entries.push({ key: keyNode.value, keyRange, value: converted });
      value[keyNode.value] = converted.value;
    }
    return { type: 'object', value, range, entries };
  }
  if (node.type === 'array') {
    const items = (node.children ?? []).map((c) => convert(c, lines));
    return { type: 'array', value: items.map((i) => i.value), range, items };
  }
  const v: unknown = node.value;
  const type = node.type === 'string' ? 'string' : node.type === 'number' ? 'number' : node.type === 'boolean' ? 'boolean' : 'null';
  return { type, value: v ?? null, range, source: node.type === 'string' ? JSON.stringify(v) : String(v) };
}

function describeError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
