import type { Position, Range } from '../../../shared/findings';

/**
 * A training config parsed into plain values that remember where they are in the text, so
 * schema errors and rule findings land on the exact key or value, in YAML or JSON alike.
 */
export type ConfigValueType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface ConfigNode {
  type: ConfigValueType;
  /** The plain JavaScript value (objects and arrays included). */
  value: unknown;
  range: Range;
  /** Objects: entries in source order. */
  entries?: ConfigEntry[];
  /** Arrays: items in order. */
  items?: ConfigNode[];
  /** The scalar exactly as written (e.g. `2e-5`, `"7"`), for messages. */
  source?: string;
}

export interface ConfigEntry {
  key: string;
  keyRange: Range;
  value: ConfigNode;
}

export interface SyntaxProblem {
  message: string;
  range: Range;
}

export interface ConfigDocument {
  format: 'yaml' | 'json';
  /** Absent when the text holds no value at all (empty file, only comments). */
  root?: ConfigNode;
  syntaxErrors: SyntaxProblem[];
  /** Comment lines (without the marker) at the top of the file, for modelines. */
  headerComments: string[];
  lineCount: number;
  /** Indentation of top-level keys (YAML) or of the root object's members (JSON), for edits. */
  indent: string;
  /** Where the text ends, and whether it ends with a line break, for appended keys. */
  end: Position;
  endsWithNewline: boolean;
}

/** Offset → 0-based line and UTF-16 column. */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: offset - this.starts[low] };
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }
}

/** The entry for `key` at the top level of the config. */
export function topLevelEntry(document: ConfigDocument, key: string): ConfigEntry | undefined {
  return document.root?.entries?.find((e) => e.key === key);
}

/** The top-level keys and their plain values (the last one wins for repeated keys). */
export function topLevelValues(document: ConfigDocument): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const entry of document.root?.entries ?? []) out[entry.key] = entry.value.value;
  return out;
}

/** The node at a JSON pointer-like path of keys and indexes. */
export function nodeAtPath(root: ConfigNode | undefined, path: ReadonlyArray<string | number>): { node: ConfigNode; entry?: ConfigEntry } | undefined {
  let node = root;
  let entry: ConfigEntry | undefined;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      node = node.items?.[step];
      entry = undefined;
    } else {
      entry = node.entries?.find((e) => e.key === step);
      node = entry?.value;
    }
  }
  return node ? { node, entry } : undefined;
}

/** The innermost entry whose key is at the position, with its path from the root (`['datasets', 0, 'type']`). */
export function entryPathAt(root: ConfigNode | undefined, position: Position): { entry: ConfigEntry; path: Array<string | number> } | undefined {
  let found: { entry: ConfigEntry; path: Array<string | number> } | undefined;
  const visit = (node: ConfigNode, path: Array<string | number>) => {
    for (const entry of node.entries ?? []) {
      const at = [...path, entry.key];
      if (rangeContains(entry.keyRange, position)) found = { entry, path: at };
      visit(entry.value, at);
    }
    (node.items ?? []).forEach((item, index) => visit(item, [...path, index]));
  };
  if (root) visit(root, []);
  return found;
}

export function rangeContains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.column >= range.start.column);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.column <= range.end.column);
  return afterStart && beforeEnd;
}
