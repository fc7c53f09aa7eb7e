import type { DatasetRecord } from '../formats/recordModel';

/**
 * The structure class of a record for the mix report: a good SFT set mixes single-turn,
 * multi-turn and tool-use dialogues (and, for alignment, preference pairs).
 */
export const MIX_CLASSES = ['single-turn', 'multi-turn', 'tool-call', 'preference', 'pretrain'] as const;
export type MixClass = (typeof MIX_CLASSES)[number];

export function mixClassOf(record: DatasetRecord): MixClass {
  if (record.kind === 'pretrain') return 'pretrain';
  if (record.kind === 'preference') return 'preference';
  if (record.tools || record.turns.some((t) => t.role === 'tool_call' || t.role === 'tool_result')) return 'tool-call';
  const userTurns = record.turns.filter((t) => t.role === 'user').length;
  return userTurns > 1 ? 'multi-turn' : 'single-turn';
}
