import type { Layout, TaskKind } from '../formats/recordModel';
import { describeFormat } from '../formats/recordModel';

const LAYOUTS: readonly Layout[] = ['alpaca', 'sharegpt', 'openai', 'trl', 'v1', 'text', 'self-instruct', 'firefly', 'unrecognised'];
const KINDS: readonly TaskKind[] = ['sft', 'preference', 'kto', 'pretrain'];

/** Formats as small integers, so a million records' formats fit in a Uint8Array. */
export const FORMAT_IDS: ReadonlyArray<{ layout: Layout; kind: TaskKind }> = LAYOUTS.flatMap((layout) => KINDS.map((kind) => ({ layout, kind })));
export const NO_FORMAT = 255;

export function formatId(layout: Layout, kind: TaskKind): number {
  return LAYOUTS.indexOf(layout) * KINDS.length + KINDS.indexOf(kind);
}

/** A format id as users read it ("alpaca", "sharegpt preference"). */
export function formatLabel(id: number): string {
  const format = FORMAT_IDS[id];
  return format ? describeFormat(format.layout, format.kind) : 'unknown';
}
