import type { RecordSample } from './dataFile';
import type { InfoEntry } from './datasetInfoModel';
import { isMessagesFormat } from './datasetInfoModel';

/**
 * Whether an entry's formatting is the wrong family for its records: alpaca (the default)
 * over records that hold a list of messages, or sharegpt / openai over records with alpaca's
 * string columns and no list of messages. The column rule stays quiet for these entries, so
 * one cause gives one finding.
 */
export interface FormatMismatch {
  kind: 'alpaca-on-messages' | 'messages-on-alpaca';
  /** The key holding the messages (alpaca-on-messages) or the alpaca columns found (messages-on-alpaca). */
  found: string;
}

const ALPACA_KEYS = ['instruction', 'input', 'output', 'prompt', 'response', 'query'];

export function formatMismatch(entry: InfoEntry, sample: RecordSample): FormatMismatch | undefined {
  const present = (column: string | undefined) => column !== undefined && sample.keys.has(column);
  if (!isMessagesFormat(entry.formatting.value)) {
    if (entry.formatting.value !== 'alpaca') return undefined;
    if (present(entry.columns.prompt?.value) || present(entry.columns.response?.value) || present(entry.columns.chosen?.value)) return undefined;
    const list = messageListKey(sample);
    return list ? { kind: 'alpaca-on-messages', found: list } : undefined;
  }
  if (present(entry.columns.messages?.value) || sample.messageLists.size > 0) return undefined;
  const alpaca = ALPACA_KEYS.filter((k) => sample.stringKeys.has(k));
  return alpaca.length > 0 ? { kind: 'messages-on-alpaca', found: alpaca.join(', ') } : undefined;
}

/** The key whose value is a list of messages (objects with a role or from key), the most common first. */
export function messageListKey(sample: RecordSample): string | undefined {
  const candidates = [...sample.messageLists].filter(([, list]) => list.messageKeys.has('role') || list.messageKeys.has('from'));
  candidates.sort((a, b) => (sample.keys.get(b[0]) ?? 0) - (sample.keys.get(a[0]) ?? 0));
  return candidates[0]?.[0];
}
