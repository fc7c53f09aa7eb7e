import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { Position, Range } from '../../../shared/findings';
import type { FieldPath } from '../formats/recordModel';

/**
 * Turns "field X of record N" (and optionally characters [a, b) of that field's decoded
 * text) into an exact editor range. The record's text is parsed with positions only when a
 * rule reported something, so clean records cost nothing here. Offsets inside a string
 * literal account for escapes (`\n`, `\"`, `\uXXXX`), so a match inside a long answer is
 * underlined exactly.
 */
export class RecordLocator {
  private tree: Node | undefined | null = null;
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly startLine: number,
    private readonly startColumn: number,
  ) {}

  /** The whole record. */
  recordRange(): Range {
    return { start: this.position(0), end: this.position(this.text.length) };
  }

  /** The record's first line: where record-level findings are shown (a whole pretty-printed record would be noise). */
  headRange(): Range {
    const firstBreak = this.text.indexOf('\n');
    return { start: this.position(0), end: this.position(firstBreak < 0 ? this.text.length : firstBreak) };
  }

  /** The value at `path` (falling back to the nearest ancestor that exists), or a span of its text. */
  rangeOf(path: FieldPath, span?: readonly [number, number]): Range {
    if (path.length === 0) return this.headRange();
    const root = this.parsed();
    if (!root) return this.headRange();
    let node: Node | undefined;
    for (let depth = path.length; depth > 0 && !node; depth--) node = findNodeAtLocation(root, path.slice(0, depth));
    if (!node) return this.headRange();
    if (span && node.type === 'string') {
      const start = node.offset + literalOffset(this.text, node.offset, span[0]);
      const end = node.offset + literalOffset(this.text, node.offset, span[1]);
      return { start: this.position(start), end: this.position(end) };
    }
    return { start: this.position(node.offset), end: this.position(node.offset + node.length) };
  }

  position(offset: number): Position {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo === 0 ? { line: this.startLine, column: this.startColumn + offset } : { line: this.startLine + lo, column: offset - starts[lo] };
  }

  private parsed(): Node | undefined {
    if (this.tree === null) {
      try {
        this.tree = parseTree(this.text) ?? undefined;
      } catch (error) {
        // The position parser recurses: a value nested thousands deep overflows it. The record's first line is still right.
        if (!(error instanceof RangeError)) throw error;
        this.tree = undefined;
      }
    }
    return this.tree;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Offset (from the opening quote) in the raw string literal at `literalStart` of the
 * character with index `decodedIndex` in the decoded string.
 */
export function literalOffset(text: string, literalStart: number, decodedIndex: number): number {
  let raw = literalStart + 1;
  let decoded = 0;
  while (decoded < decodedIndex && raw < text.length && text.charCodeAt(raw) !== 0x22) {
    if (text.charCodeAt(raw) === 0x5c) raw += text[raw + 1] === 'u' ? 6 : 2;
    else raw += 1;
    decoded++;
  }
  return raw - literalStart;
}
