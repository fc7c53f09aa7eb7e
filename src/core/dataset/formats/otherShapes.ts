import { msg } from '../../../shared/messageTemplate';
import { FieldReader, isObject } from './fieldReader';
import type { DatasetRecord, FieldPath, NormalizedRecord, TextField, Turn } from './recordModel';

/**
 * Shapes that are common in the wild but are none of LLaMA-Factory's formats:
 * self-instruct seed tasks, Firefly's `conversation` pairs, and anything else (evaluation
 * sets with `question` / `std_answer`, project-specific KTO files…). The last are read as
 * "unrecognised": their string fields still get the content checks (personal data, sensitive
 * terms, placeholders), and fields whose name says they hold the answer get the length and
 * repetition checks, so nothing in them goes unread. The file gets one finding for the
 * shape (see the analysis), not one error per record.
 */

/** self-instruct seed tasks: `instruction` + `instances: [{input, output}]`. */
export function isSelfInstructTask(value: Record<string, unknown>): boolean {
  return typeof value.instruction === 'string' && Array.isArray(value.instances) && !('output' in value);
}

export function normalizeSelfInstruct(value: Record<string, unknown>): NormalizedRecord {
  const reader = new FieldReader();
  const instruction = reader.text(value, 'instruction', ['instruction'], true);
  const turns: Turn[] = [];
  (value.instances as unknown[]).forEach((instance, i) => {
    if (!isObject(instance)) {
      reader.problem('invalid-record', msg('Instance {0} should be an object with "input" and "output".'), [i + 1], ['instances', i]);
      return;
    }
    const input = reader.text(instance, 'input', ['instances', i, 'input'], false);
    const output = reader.text(instance, 'output', ['instances', i, 'output'], true);
    const parts = i === 0 && instruction ? [instruction, ...(input ? [input] : [])] : input ? [input] : [];
    if (parts.length > 0) {
      const text = parts
        .map((p) => p.text)
        .filter((t) => t.trim())
        .join('\n');
      turns.push({ role: 'user', sourceRole: i === 0 ? 'instruction' : 'input', text, path: parts[0].path, parts });
    }
    if (output) turns.push({ role: 'assistant', sourceRole: 'output', ...output });
  });
  return { record: { layout: 'self-instruct', kind: 'sft', turns }, problems: reader.problems };
}

/** Firefly: `conversation: [{human, assistant}, …]`, optionally with a `system`. */
export function isFireflyConversation(value: Record<string, unknown>): boolean {
  const list = value.conversation;
  return Array.isArray(list) && list.length > 0 && isObject(list[0]) && ('human' in list[0] || 'assistant' in list[0]);
}

export function normalizeFirefly(value: Record<string, unknown>): NormalizedRecord {
  const reader = new FieldReader();
  const turns: Turn[] = [];
  (value.conversation as unknown[]).forEach((pair, i) => {
    if (!isObject(pair)) {
      reader.problem('invalid-record', msg('Conversation entry {0} should be an object with "human" and "assistant".'), [i + 1], ['conversation', i]);
      return;
    }
    const human = reader.text(pair, 'human', ['conversation', i, 'human'], true);
    const assistant = reader.text(pair, 'assistant', ['conversation', i, 'assistant'], true);
    if (human) turns.push({ role: 'user', sourceRole: 'human', ...human });
    if (assistant) turns.push({ role: 'assistant', sourceRole: 'assistant', ...assistant });
  });
  const record: DatasetRecord = { layout: 'firefly', kind: 'sft', turns };
  const system = reader.text(value, 'system', ['system'], false);
  if (system) record.system = system;
  return { record, problems: reader.problems };
}

/** Field names that hold the answer in shapes no format describes. */
const ANSWER_FIELDS = new Set(['output', 'answer', 'response', 'completion', 'std_answer', 'reference_answer', 'target', 'assistant', 'reply', 'gpt']);
const MAX_DEPTH = 6;
const MAX_TEXTS = 200;

/** Any other object: its string fields (nested ones too), answers as responses, the rest as extra text. */
export function normalizeUnrecognised(value: Record<string, unknown>): NormalizedRecord {
  const turns: Turn[] = [];
  const extra: TextField[] = [];
  const visit = (node: unknown, path: FieldPath, key: string | undefined, depth: number) => {
    if (extra.length + turns.length >= MAX_TEXTS || depth > MAX_DEPTH) return;
    if (typeof node === 'string') {
      if (key !== undefined && ANSWER_FIELDS.has(key.toLowerCase())) turns.push({ role: 'assistant', sourceRole: key, text: node, path });
      else extra.push({ text: node, path });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i], key, depth + 1));
    } else if (isObject(node)) {
      // A message object ({role, content}) answers when its role says so.
      const role = typeof node.role === 'string' ? node.role : undefined;
      for (const [k, v] of Object.entries(node)) {
        const answering = k === 'content' && (role === 'assistant' || role === 'bot' || role === 'gpt');
        visit(v, [...path, k], answering ? 'assistant' : k, depth + 1);
      }
    }
  };
  visit(value, [], undefined, 0);
  return { record: { layout: 'unrecognised', kind: 'sft', turns, extra }, problems: [] };
}
