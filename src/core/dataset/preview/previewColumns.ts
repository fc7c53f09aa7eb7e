import { msg } from '../../../shared/messageTemplate';
import type { DatasetRecord, TaskKind } from '../formats/recordModel';

/**
 * The previewer's table columns follow the dataset's shape: instruction / input / output for
 * alpaca SFT; first user turn / last assistant turn for conversations; prompt / chosen /
 * rejected for preference data; the text for pre-training data.
 */
export type ColumnSet = 'instruction' | 'conversation' | 'preference' | 'text';

export interface ColumnDefinition {
  id: string;
  /** English title; the webview shows the localised one. */
  title: string;
}

export const COLUMN_SETS: Readonly<Record<ColumnSet, readonly ColumnDefinition[]>> = {
  instruction: [
    { id: 'instruction', title: msg('Instruction') },
    { id: 'input', title: msg('Input') },
    { id: 'output', title: msg('Output') },
  ],
  conversation: [
    { id: 'user', title: msg('First user turn') },
    { id: 'assistant', title: msg('Last assistant turn') },
    { id: 'turns', title: msg('Turns') },
  ],
  preference: [
    { id: 'prompt', title: msg('Prompt') },
    { id: 'chosen', title: msg('Chosen') },
    { id: 'rejected', title: msg('Rejected') },
  ],
  text: [{ id: 'text', title: msg('Text') }],
};

export function columnSetFor(layout: DatasetRecord['layout'] | undefined, kind: TaskKind | undefined): ColumnSet {
  if (kind === 'preference') return 'preference';
  if (kind === 'pretrain' || layout === 'text' || layout === 'unrecognised') return 'text';
  if (layout === 'alpaca' || layout === 'self-instruct') return 'instruction';
  return 'conversation';
}

/** The record's cells for `set`, each cut to `maxChars` characters. */
export function cellsOf(record: DatasetRecord, set: ColumnSet, maxChars: number): string[] {
  const cut = (text: string | undefined) => (text === undefined ? '' : text.length > maxChars ? `${text.slice(0, maxChars)}…` : text);
  const users = record.turns.filter((t) => t.role === 'user');
  const assistants = record.turns.filter((t) => t.role === 'assistant' || t.role === 'tool_call');
  switch (set) {
    case 'instruction': {
      const prompt = record.turns.filter((t) => t.sourceRole === 'instruction').pop();
      const [instruction, input] = prompt?.parts ?? [];
      const output = record.turns.filter((t) => t.role === 'assistant').pop()?.text ?? record.chosen?.[0]?.text;
      return [cut(instruction?.text ?? prompt?.text), cut(input?.text), cut(output)];
    }
    case 'conversation':
      return [cut(users[0]?.text), cut(assistants[assistants.length - 1]?.text), String(record.turns.length)];
    case 'preference':
      return [cut(users[users.length - 1]?.text), cut(record.chosen?.map((t) => t.text).join('\n')), cut(record.rejected?.map((t) => t.text).join('\n'))];
    case 'text':
      return [cut(record.document?.text ?? [...record.turns, ...(record.extra ?? [])].map((t) => t.text).join('\n'))];
  }
}

/** The column set for a format label such as "sharegpt preference" (see describeFormat). */
export function columnSetForFormat(format: string | undefined): ColumnSet {
  const [layout, kind] = (format ?? 'alpaca').split(' ') as [DatasetRecord['layout'], TaskKind | undefined];
  return columnSetFor(layout, kind ?? (layout === 'text' ? 'pretrain' : 'sft'));
}
