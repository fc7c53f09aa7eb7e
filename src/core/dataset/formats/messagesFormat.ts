import { msg } from '../../../shared/messageTemplate';
import type { DatasetInfoEntry } from './datasetInfo';
import { SHAREGPT_TAGS } from './datasetInfo';
import { FieldReader, has, isObject, readBoolean, typeName } from './fieldReader';
import type { DatasetRecord, FieldPath, Layout, NormalizedRecord, TaskKind, Turn, TurnRole } from './recordModel';

/**
 * Conversations as a list of messages: ShareGPT (`conversations` of `from`/`value`, with
 * `function_call` / `observation` tool turns), OpenAI (`messages` of `role`/`content`, with
 * `tool_calls` and `tool` results, content as text or parts), and LLaMA-Factory's v1 format
 * (content parts of `{type, value}`, preference as `chosen_messages` / `rejected_messages`).
 * Preference: `chosen` / `rejected` messages (or strings); KTO: a boolean `kto_tag` / `label`.
 */
interface RoleTags {
  layout: Layout;
  roleKey: string;
  contentKey: string;
  roles: Record<string, TurnRole>;
}

const OPENAI_ROLES: Record<string, TurnRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool_result',
  function: 'tool_result',
  ipython: 'tool_result',
  observation: 'tool_result',
  function_call: 'tool_call',
};

function tagsFromInfo(info: DatasetInfoEntry): RoleTags {
  const t = { ...SHAREGPT_TAGS, ...info.tags };
  const roles: Record<string, TurnRole> = Object.create(null) as Record<string, TurnRole>;
  roles[t.user_tag] = 'user';
  roles[t.assistant_tag] = 'assistant';
  roles[t.observation_tag] = 'tool_result';
  roles[t.function_tag] = 'tool_call';
  roles[t.system_tag] = 'system';
  return { layout: 'sharegpt', roleKey: t.role_tag, contentKey: t.content_tag, roles };
}

/** Role tags guessed from the first message when no dataset_info.json describes the file. */
function guessTags(messages: readonly unknown[]): RoleTags {
  const first = messages.find(isObject);
  if (first && has(first, 'from')) {
    return {
      layout: 'sharegpt',
      roleKey: 'from',
      contentKey: 'value',
      roles: tagsFromInfo({ name: '', formatting: 'sharegpt', ranking: false, columns: {}, tags: {} }).roles,
    };
  }
  const v1 = first && Array.isArray(first.content) && first.content.some((p) => isObject(p) && has(p, 'value'));
  return { layout: v1 ? 'v1' : 'openai', roleKey: 'role', contentKey: 'content', roles: OPENAI_ROLES };
}

export function normalizeMessages(record: Record<string, unknown>, info?: DatasetInfoEntry): NormalizedRecord {
  const reader = new FieldReader();
  if (has(record, 'chosen_messages') || has(record, 'rejected_messages')) return normalizeV1Preference(record, reader);

  const messagesKey = info?.columns.messages ?? (has(record, 'conversations') ? 'conversations' : 'messages');
  const chosenKey = info?.columns.chosen ?? 'chosen';
  const rejectedKey = info?.columns.rejected ?? 'rejected';
  const ktoKey = info?.columns.kto_tag ?? (has(record, 'kto_tag') ? 'kto_tag' : 'label');
  const messages = reader.array(record, messagesKey, [messagesKey], true) ?? [];
  const tags = info ? tagsFromInfo(info) : guessTags(messages);
  const kind: TaskKind = info?.ranking || (has(record, chosenKey) && has(record, rejectedKey)) ? 'preference' : has(record, ktoKey) ? 'kto' : 'sft';

  const result: DatasetRecord = { layout: tags.layout, kind, turns: [] };
  messages.forEach((message, i) => {
    const turn = readTurn(message, [messagesKey, i], tags, reader);
    if (!turn) return;
    if (turn.role === 'system' && result.turns.length === 0 && !result.system) result.system = { text: turn.text, path: turn.path };
    else result.turns.push(turn);
  });
  if (kind === 'preference') {
    const chosen = readAlternative(record, chosenKey, tags, reader);
    const rejected = readAlternative(record, rejectedKey, tags, reader);
    if (chosen) result.chosen = chosen;
    if (rejected) result.rejected = rejected;
  }
  if (kind === 'kto') {
    const label = readBoolean(record[ktoKey]);
    if (label === undefined)
      reader.problem('invalid-record', msg('Field "{0}" should be true or false, not {1}.'), [ktoKey, typeName(record[ktoKey])], [ktoKey]);
    else result.label = label;
  }
  const systemKey = info?.columns.system ?? 'system';
  if (!result.system) {
    const system = reader.text(record, systemKey, [systemKey], false);
    if (system) result.system = system;
  }
  const toolsKey = info?.columns.tools ?? 'tools';
  const tools = record[toolsKey];
  if (typeof tools === 'string' && tools.trim()) result.tools = { text: tools, path: [toolsKey] };
  else if (Array.isArray(tools) && tools.length > 0) result.tools = { text: JSON.stringify(tools), path: [toolsKey] };
  return { record: result, problems: reader.problems };
}

/**
 * OpenAI's preference format: `input.messages` (and `input.tools`) is the prompt,
 * `preferred_output` / `non_preferred_output` are one-message assistant lists.
 */
export function normalizeOpenAiPreference(record: Record<string, unknown>): NormalizedRecord {
  const reader = new FieldReader();
  const tags: RoleTags = { layout: 'openai', roleKey: 'role', contentKey: 'content', roles: OPENAI_ROLES };
  const input = record.input as Record<string, unknown>;
  const result: DatasetRecord = { layout: 'openai', kind: 'preference', turns: [] };
  (reader.array(input, 'messages', ['input', 'messages'], true) ?? []).forEach((message, i) => {
    const turn = readTurn(message, ['input', 'messages', i], tags, reader);
    if (!turn) return;
    if (turn.role === 'system' && result.turns.length === 0 && !result.system) result.system = { text: turn.text, path: turn.path };
    else result.turns.push(turn);
  });
  const side = (key: string): Turn[] | undefined => {
    const list = reader.array(record, key, [key], true);
    return list?.map((m, i) => readTurn(m, [key, i], tags, reader)).filter((t): t is Turn => !!t);
  };
  result.chosen = side('preferred_output');
  result.rejected = side('non_preferred_output');
  if (Array.isArray(input.tools) && input.tools.length > 0) result.tools = { text: JSON.stringify(input.tools), path: ['input', 'tools'] };
  return { record: result, problems: reader.problems };
}

/** v1 preference: two whole conversations that share the prompt and differ in the last turn. */
function normalizeV1Preference(record: Record<string, unknown>, reader: FieldReader): NormalizedRecord {
  const tags: RoleTags = { layout: 'v1', roleKey: 'role', contentKey: 'content', roles: OPENAI_ROLES };
  const read = (key: string) => (reader.array(record, key, [key], true) ?? []).map((m, i) => readTurn(m, [key, i], tags, reader)).filter((t): t is Turn => !!t);
  const chosen = read('chosen_messages');
  const rejected = read('rejected_messages');
  const result: DatasetRecord = { layout: 'v1', kind: 'preference', turns: [] };
  const prompt = chosen.slice(0, -1);
  if (prompt[0]?.role === 'system') result.system = { text: prompt[0].text, path: prompt[0].path };
  result.turns = prompt.filter((t, i) => !(i === 0 && t.role === 'system'));
  if (chosen.length) result.chosen = chosen.slice(-1);
  if (rejected.length) result.rejected = rejected.slice(-1);
  return { record: result, problems: reader.problems };
}

function readAlternative(record: Record<string, unknown>, key: string, tags: RoleTags, reader: FieldReader): Turn[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) {
    reader.problem('invalid-record', msg('Missing field "{0}".'), [key], []);
    return undefined;
  }
  if (typeof value === 'string') return [{ role: 'assistant', sourceRole: key, text: value, path: [key] }];
  if (isObject(value)) {
    const turn = readTurn(value, [key], tags, reader);
    return turn ? [turn] : undefined;
  }
  if (Array.isArray(value)) {
    return value.map((m, i) => readTurn(m, [key, i], tags, reader)).filter((t): t is Turn => !!t);
  }
  reader.problem('invalid-record', msg('Field "{0}" should be a message or a string, not {1}.'), [key, typeName(value)], [key]);
  return undefined;
}

function readTurn(message: unknown, path: FieldPath, tags: RoleTags, reader: FieldReader): Turn | undefined {
  if (!isObject(message)) {
    reader.problem('invalid-record', msg('Message {0} should be an object, not {1}.'), [turnNumber(path), typeName(message)], path);
    return undefined;
  }
  const sourceRole = message[tags.roleKey];
  if (typeof sourceRole !== 'string') {
    reader.problem('invalid-record', msg('Message {0} has no "{1}" (its role).'), [turnNumber(path), tags.roleKey], path);
    return undefined;
  }
  let role: TurnRole | undefined = Object.prototype.hasOwnProperty.call(tags.roles, sourceRole) ? tags.roles[sourceRole] : undefined;
  if (!role) {
    reader.problem('role-order', msg('Message {0} has the unknown role "{1}".'), [turnNumber(path), sourceRole], [...path, tags.roleKey]);
    role = 'user';
  }
  // An assistant message that calls tools may have no content at all (OpenAI omits the key).
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    return { role: 'tool_call', sourceRole, text: JSON.stringify(message.tool_calls), path: [...path, 'tool_calls'] };
  }
  const content = readContent(message, tags.contentKey, path, reader);
  if (!content) return undefined;
  return { role, sourceRole, text: content.text, path: content.path };
}

/** Message content: a string, or a list of parts whose text parts are joined (images skipped). */
function readContent(message: Record<string, unknown>, key: string, path: FieldPath, reader: FieldReader): { text: string; path: FieldPath } | undefined {
  const value = message[key];
  if (typeof value === 'string') return { text: value, path: [...path, key] };
  if (value === null && Array.isArray(message.tool_calls)) return undefined;
  if (Array.isArray(value)) {
    const texts: string[] = [];
    let first: FieldPath | undefined;
    value.forEach((part, k) => {
      if (typeof part === 'string') {
        texts.push(part);
        first ??= [...path, key, k];
      } else if (isObject(part) && (part.type === 'text' || part.type === undefined)) {
        const field = typeof part.text === 'string' ? 'text' : typeof part.value === 'string' ? 'value' : undefined;
        if (field) {
          texts.push(part[field] as string);
          first ??= [...path, key, k, field];
        }
      }
    });
    return { text: texts.join('\n'), path: first ?? [...path, key] };
  }
  reader.problem('invalid-record', msg('Message {0} has no text "{1}".'), [turnNumber(path), key], path);
  return undefined;
}

function turnNumber(path: FieldPath): number | string {
  const last = path[path.length - 1];
  return typeof last === 'number' ? last + 1 : String(last);
}
