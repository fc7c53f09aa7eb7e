import type { Position, Range } from '../../../shared/findings';
import type { ConfigDocument, ConfigNode } from '../../config/document/configTree';
import { topLevelEntry } from '../../config/document/configTree';

export type DatasetKey = 'dataset' | 'eval_dataset';

/** One dataset name of a config, with the exact range of the name inside the value. */
export interface DatasetNameRef {
  key: DatasetKey;
  name: string;
  range: Range;
}

/**
 * The names of `dataset` and `eval_dataset` with their positions. LLaMA-Factory splits a string
 * on commas and strips each part (`identity, alpaca_en_demo`); a YAML or JSON list is taken
 * as is. Each name's range is found in the value's text, so a finding underlines that name.
 */
export function datasetNameRefs(document: ConfigDocument, text: string): DatasetNameRef[] {
  const refs: DatasetNameRef[] = [];
  const lines = lineOffsets(text);
  for (const key of ['dataset', 'eval_dataset'] as const) {
    const node = topLevelEntry(document, key)?.value;
    if (!node) continue;
    if (node.type === 'array') {
      for (const item of node.items ?? []) if (item.type === 'string') refs.push(...namesIn(key, item, text, lines));
    } else if (node.type === 'string') {
      refs.push(...namesIn(key, node, text, lines));
    }
  }
  return refs;
}

function namesIn(key: DatasetKey, node: ConfigNode, text: string, lines: number[]): DatasetNameRef[] {
  const value = String(node.value);
  const start = offsetOf(lines, node.range.start);
  const end = offsetOf(lines, node.range.end);
  const raw = text.slice(start, end);
  const refs: DatasetNameRef[] = [];
  let from = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  for (const part of value.split(',')) {
    const name = part.trim();
    if (!name) continue;
    const at = raw.indexOf(name, from);
    if (at < 0) {
      // Escapes or folding changed the text: underline the whole value rather than guess.
      refs.push({ key, name, range: node.range });
      continue;
    }
    refs.push({ key, name, range: { start: positionOf(lines, start + at), end: positionOf(lines, start + at + name.length) } });
    from = at + name.length;
  }
  return refs;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetOf(lines: number[], position: Position): number {
  return (lines[position.line] ?? 0) + position.column;
}

function positionOf(lines: number[], offset: number): Position {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, column: offset - lines[low] };
}

/** The name under a position (for go-to-definition from a config). */
export function datasetNameAt(refs: readonly DatasetNameRef[], position: Position): DatasetNameRef | undefined {
  return refs.find((r) => {
    const after = position.line > r.range.start.line || (position.line === r.range.start.line && position.column >= r.range.start.column);
    const before = position.line < r.range.end.line || (position.line === r.range.end.line && position.column <= r.range.end.column);
    return after && before;
  });
}
