import { msg } from '../../../shared/messageTemplate';
import { normalizeAlpaca } from './alpacaFormat';
import type { DatasetInfoEntry } from './datasetInfo';
import { has, isObject, typeName } from './fieldReader';
import { normalizeMessages, normalizeOpenAiPreference } from './messagesFormat';
import { isFireflyConversation, isSelfInstructTask, normalizeFirefly, normalizeSelfInstruct, normalizeUnrecognised } from './otherShapes';
import type { NormalizedRecord } from './recordModel';
import { normalizeTrl } from './trlFormat';

/**
 * Detects a parsed record's format by its fields (or by the dataset_info.json entry that
 * describes the file) and normalises it into the shared model.
 */
export function normalizeRecord(value: unknown, info?: DatasetInfoEntry): NormalizedRecord {
  if (!isObject(value)) {
    return { problems: [{ code: 'invalid-record', message: msg('A record should be a JSON object, not {0}.'), args: [typeName(value)], path: [] }] };
  }
  if (info) {
    if (info.formatting === 'sharegpt') return normalizeMessages(value, info);
    const response = info.columns.response ?? 'output';
    const prompt = info.columns.prompt ?? 'instruction';
    // LLaMA-Factory pre-training sets map only `prompt` (e.g. to "text") and have no response.
    if (!has(value, response) && has(value, prompt) && !info.ranking && !has(value, info.columns.kto_tag ?? 'kto_tag') && prompt !== 'instruction') {
      return pretrainText(value, prompt);
    }
    return normalizeAlpaca(value, info);
  }
  // TRL preference with conversational chosen / rejected (their shared leading turns are the
  // prompt); a `messages` column beside them (UltraFeedback) is a copy of the chosen conversation.
  if (Array.isArray(value.chosen) && Array.isArray(value.rejected) && !has(value, 'conversations')) return normalizeTrl(value);
  if (has(value, 'conversations') || has(value, 'messages') || has(value, 'chosen_messages')) return normalizeMessages(value);
  if (isSelfInstructTask(value)) return normalizeSelfInstruct(value);
  if (has(value, 'instruction') || has(value, 'output')) return normalizeAlpaca(value);
  if (has(value, 'prompt') && (has(value, 'chosen') || has(value, 'rejected') || has(value, 'completion'))) return normalizeTrl(value);
  if (isObject(value.input) && (has(value, 'preferred_output') || has(value, 'non_preferred_output'))) return normalizeOpenAiPreference(value);
  if (isFireflyConversation(value)) return normalizeFirefly(value);
  if (typeof value.text === 'string' || typeof value.content === 'string') return pretrainText(value, typeof value.text === 'string' ? 'text' : 'content');
  return normalizeUnrecognised(value);
}

function pretrainText(value: Record<string, unknown>, key: string): NormalizedRecord {
  const text = value[key];
  if (typeof text !== 'string') {
    return { problems: [{ code: 'invalid-record', message: msg('Field "{0}" should be a string, not {1}.'), args: [key, typeName(text)], path: [key] }] };
  }
  return { record: { layout: 'text', kind: 'pretrain', turns: [], document: { text, path: [key] } }, problems: [] };
}
