import { msg } from '../messageTemplate';
import { FieldReader, has, isObject, readBoolean, typeName } from './fieldReader';
import type { DatasetRecord, FieldPath, NormalizedRecord, TaskKind, Turn, TurnRole } from './recordModel';

/**
 * TRL's dataset formats: `prompt` with `chosen` / `rejected` (DPO, reward), `prompt` with
 * `completion` (SFT) and a boolean `label` (KTO). Each field is either a string ("standard")
 * or a list of `{role, content}` messages ("conversational").
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
      if (label === undefined) reader.problem('invalid-record', msg('Field "{0}" should be true or false, not {1}.'), ['label', typeName(record.label)], ['label']);
      else result.label = label;
    }
  }
  const first = result.turns[0];
  if (first?.role === 'system') {
    result.system = { text: first.text, path: first.path };
    result.turns.shift();
  }
  return { record: result, problems: reader.problems };
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
