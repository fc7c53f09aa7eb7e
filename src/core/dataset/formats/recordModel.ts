/**
 * One model for every dataset record format: the conversation as turns with normalised
 * roles, plus the preference alternatives, KTO label, ratings and metadata. Every text
 * keeps the JSON path it came from, so a finding can point at the exact field.
 */
export type Layout = 'alpaca' | 'sharegpt' | 'openai' | 'trl' | 'v1' | 'text' | 'self-instruct' | 'firefly' | 'unrecognised';
export type TaskKind = 'sft' | 'preference' | 'kto' | 'pretrain';
export type TurnRole = 'system' | 'user' | 'assistant' | 'tool_call' | 'tool_result';
export type FieldPath = ReadonlyArray<string | number>;

export interface TextField {
  text: string;
  path: FieldPath;
}

export interface Turn extends TextField {
  role: TurnRole;
  /** The role as written in the file ("gpt", "human", "function_call"…), for messages. */
  sourceRole: string;
  /** The fields this turn's text was joined from (alpaca's instruction + input), for exact positions. */
  parts?: TextField[];
}

export interface DatasetRecord {
  layout: Layout;
  kind: TaskKind;
  system?: TextField;
  tools?: TextField;
  /** The conversation: history, prompt and (for SFT and KTO) the responses. */
  turns: Turn[];
  /** Preference data: the preferred and the dispreferred continuation. */
  chosen?: Turn[];
  rejected?: Turn[];
  /** KTO: whether the response is desirable. */
  label?: boolean;
  /** Pre-training text. */
  document?: TextField;
  ratings?: { values: number[]; path: FieldPath };
  /** Unrecognised shapes: string fields that are neither prompt nor answer, for the content checks. */
  extra?: TextField[];
  /** Value of the configured category field, for the mix report. */
  category?: string;
}

export type StructuralCode = 'invalid-record' | 'role-order' | 'empty-turn';

/** A structural problem the normaliser found (missing or mistyped fields, unknown roles). */
export interface StructuralProblem {
  code: StructuralCode;
  /** Message template (English, `{0}` placeholders) and its arguments. */
  message: string;
  args: Array<string | number>;
  path: FieldPath;
}

export interface NormalizedRecord {
  record?: DatasetRecord;
  problems: StructuralProblem[];
}

export function describeFormat(layout: Layout, kind: TaskKind): string {
  return kind === 'sft' || kind === 'pretrain' ? layout : `${layout} ${kind}`;
}

/** Responses the model is trained to produce: assistant turns, chosen and rejected. */
export function responses(record: DatasetRecord): Turn[] {
  const out: Turn[] = [];
  for (const t of record.turns) if (t.role === 'assistant') out.push(t);
  if (record.chosen) for (const t of record.chosen) if (t.role === 'assistant') out.push(t);
  if (record.rejected) for (const t of record.rejected) if (t.role === 'assistant') out.push(t);
  return out;
}

/**
 * The responses the model is taught to imitate: assistant turns and chosen answers, not the
 * rejected side of a preference pair nor a KTO response labelled undesirable. Those are bad on
 * purpose, so quality rules about a response's own form (too short, repetitive) skip them.
 */
export function imitatedResponses(record: DatasetRecord): Turn[] {
  if (record.kind === 'kto' && record.label === false) return [];
  const out: Turn[] = [];
  for (const t of record.turns) if (t.role === 'assistant') out.push(t);
  if (record.chosen) for (const t of record.chosen) if (t.role === 'assistant') out.push(t);
  return out;
}

/** Every natural-language text of the record, field by field (tool schemas left out). */
export function allTexts(record: DatasetRecord): TextField[] {
  const out: TextField[] = [];
  if (record.system) out.push(record.system);
  for (const turn of record.turns) {
    if (turn.parts) out.push(...turn.parts);
    else out.push(turn);
  }
  if (record.chosen) out.push(...record.chosen);
  if (record.rejected) out.push(...record.rejected);
  if (record.document) out.push(record.document);
  if (record.extra) out.push(...record.extra);
  return out;
}
