import { msg } from '../../../shared/messageTemplate';
import { FieldReader, has, isObject, readBoolean, typeName } from './fieldReader';
import type { DatasetRecord, FieldPath, NormalizedRecord, TaskKind, Turn, TurnRole } from './recordModel';

/**
 * TRL's dataset formats: `prompt` with `chosen` / `rejected` (DPO, reward), `prompt` with
 * `completion` (SFT) and a boolean `label` (KTO). Each field is either a string ("standard")
 * or a list of `{role, content}` messages ("conversational"). Preference data may carry the
 * prompt implicitly: conversational `chosen` and `rejected` that begin with the same turns
 * (UltraFeedback-binarized, TRL's "implicit prompt"); those shared turns are the prompt, and
 * a `prompt` string that repeats them is not read twice.
 */
export function normalizeTrl(record: Record<string, unknown>): NormalizedRecord {
  const reader = new FieldReader();
  const kind: TaskKind = has(record, 'chosen') || has(record, 'rejected') ? 'preference' : has(record, 'label') ? 'kto' : 'sft';
  const result: DatasetRecord = { layout: 'trl', kind, turns: [] };
  if (has(record, 'prompt')) result.turns.push(...readPart(record, 'prompt', 'user', reader));
  if (kind === 'preference') {
    if (!has(record, 'chosen')) reader.problem('invalid-record', msg('Missing field "{0}".'), ['chosen'], []);
    if (!has(record, 'rejected')) reader.problem('invalid-record', msg('Missing field "{0}".'), ['rejected'], []);
    result.chosen = readPart(record, 'chosen', 'assistant', reader);
    result.rejected = readPart(record, 'rejected', 'assistant', reader);
  } else {
    if (!has(record, 'completion')) reader.problem('invalid-record', msg('Missing field "{0}".'), ['completion'], []);
    else result.turns.push(...readPart(record, 'completion', 'assistant', reader));
    if (kind === 'kto') {
      const label = readBoolean(record.label);
      if (label === undefined)
        reader.problem('invalid-record', msg('Field "{0}" should be true or false, not {1}.'), ['label', typeName(record.label)], ['label']);
      else result.label = label;
    }
  }
  if (kind === 'preference') splitImplicitPrompt(result);
  const first = result.turns[0];
  if (first?.role === 'system') {
    result.system = { text: first.text, path: first.path };
    result.turns.shift();
  }
  return { record: result, problems: reader.problems };
}

/** Moves the turns that `chosen` and `rejected` share at their start into the prompt. */
function splitImplicitPrompt(record: DatasetRecord): void {
  const chosen = record.chosen ?? [];
  const rejected = record.rejected ?? [];
  let shared = 0;
  while (
    shared < chosen.length - 1 &&
    shared < rejected.length - 1 &&
    chosen[shared].role === rejected[shared].role &&
    chosen[shared].text === rejected[shared].text
  )
    shared++;
  if (shared === 0) return;
  const prefix = chosen.slice(0, shared);
  const lastUser = [...prefix].reverse().find((t) => t.role === 'user');
  const explicit = record.turns;
  // An explicit prompt that only repeats the implicit one (UltraFeedback has both) is dropped.
  if (explicit.length > 0 && !(explicit.length === 1 && lastUser && explicit[0].text.trim() === lastUser.text.trim())) return;
  record.turns = prefix;
  record.chosen = chosen.slice(shared);
  record.rejected = rejected.slice(shared);
}

function readPart(record: Record<string, unknown>, key: string, role: TurnRole, reader: FieldReader): Turn[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ role, sourceRole: key, text: value, path: [key] }];
  if (!Array.isArray(value)) {
    reader.problem('invalid-record', msg('Field "{0}" should be a string or a list of messages, not {1}.'), [key, typeName(value)], [key]);
    return [];
  }
  const turns: Turn[] = [];
  value.forEach((m, i) => {
    const path: FieldPath = [key, i];
    if (!isObject(m) || typeof m.role !== 'string' || typeof m.content !== 'string') {
      reader.problem('invalid-record', msg('Message {0} of "{1}" should have a string "role" and "content".'), [i + 1, key], path);
      return;
    }
    const mapped: TurnRole = m.role === 'assistant' ? 'assistant' : m.role === 'system' ? 'system' : m.role === 'tool' ? 'tool_result' : 'user';
    turns.push({ role: mapped, sourceRole: m.role, text: m.content, path: [...path, 'content'] });
  });
  return turns;
}
