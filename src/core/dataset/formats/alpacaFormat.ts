import { msg } from '../../../shared/messageTemplate';
import type { DatasetInfoEntry } from './datasetInfo';
import { ALPACA_COLUMNS } from './datasetInfo';
import { FieldReader, has, isObject, readBoolean, typeName } from './fieldReader';
import type { DatasetRecord, NormalizedRecord, TaskKind, Turn } from './recordModel';

/**
 * Alpaca: `instruction` + `input` → `output`, with optional `system` and `history`
 * (pairs of earlier query and response). Preference variant: `chosen` / `rejected`
 * instead of `output`; KTO variant: `kto_tag`. Column names come from dataset_info.json
 * when one describes the file.
 */
export function normalizeAlpaca(record: Record<string, unknown>, info?: DatasetInfoEntry): NormalizedRecord {
  const col = (name: string) => info?.columns[name] ?? ALPACA_COLUMNS[name];
  const reader = new FieldReader();
  const kind: TaskKind =
    info?.ranking || (has(record, col('chosen')) && has(record, col('rejected'))) ? 'preference' : has(record, col('kto_tag')) ? 'kto' : 'sft';
  const turns: Turn[] = [];

  const history = reader.array(record, col('history'), [col('history')], false);
  history?.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      reader.problem('invalid-record', msg('History entry {0} should be a pair of strings [query, response].'), [i + 1], [col('history'), i]);
      return;
    }
    turns.push({ role: 'user', sourceRole: 'history', text: pair[0], path: [col('history'), i, 0] });
    turns.push({ role: 'assistant', sourceRole: 'history', text: pair[1], path: [col('history'), i, 1] });
  });

  const instruction = reader.text(record, col('prompt'), [col('prompt')], true);
  const input = reader.text(record, col('query'), [col('query')], false);
  if (instruction) {
    const prompt = input && input.text.trim() ? `${instruction.text}\n${input.text}` : instruction.text;
    // The prompt is instruction + input; point at `input` when the instruction itself is empty.
    const path = instruction.text.trim() || !input ? instruction.path : input.path;
    turns.push({ role: 'user', sourceRole: 'instruction', text: prompt, path, parts: input ? [instruction, input] : [instruction] });
  }

  const result: DatasetRecord = { layout: 'alpaca', kind, turns };
  if (kind === 'preference') {
    const chosen = reader.text(record, col('chosen'), [col('chosen')], true);
    const rejected = reader.text(record, col('rejected'), [col('rejected')], true);
    if (chosen) result.chosen = [{ role: 'assistant', sourceRole: 'chosen', ...chosen }];
    if (rejected) result.rejected = [{ role: 'assistant', sourceRole: 'rejected', ...rejected }];
  } else {
    const output = reader.text(record, col('response'), [col('response')], true);
    if (output) turns.push({ role: 'assistant', sourceRole: 'output', ...output });
    if (kind === 'kto') {
      const raw = record[col('kto_tag')];
      const label = readBoolean(raw);
      if (label === undefined)
        reader.problem('invalid-record', msg('Field "{0}" should be true or false, not {1}.'), [col('kto_tag'), typeName(raw)], [col('kto_tag')]);
      else result.label = label;
    }
  }
  const system = reader.text(record, col('system'), [col('system')], false);
  if (system) result.system = system;
  const tools = record[col('tools')];
  if (typeof tools === 'string' && tools.trim()) result.tools = { text: tools, path: [col('tools')] };
  else if (isObject(tools) || Array.isArray(tools)) result.tools = { text: JSON.stringify(tools), path: [col('tools')] };
  return { record: result, problems: reader.problems };
}
