import { normalizeRecord } from '../../dataset/formats/normalizeRecord';
import type { Layout, TaskKind } from '../../dataset/formats/recordModel';

/**
 * What an adapter found at an entry's file_name, handed to the pure checks: whether it
 * exists, the files of a folder, and the first records (parsed JSON values) of a JSON / JSON
 * Lines file. Only the head of a file is read, so a 10 GB dataset costs what a small one does.
 */
export interface DataFileFacts {
  /** file_name as written in dataset_info.json. */
  fileName: string;
  /** The absolute path it resolved to (for messages and go-to-definition). */
  path: string;
  exists: boolean;
  isDirectory: boolean;
  /** A folder's files (names only, sorted), as LLaMA-Factory lists them. */
  files?: string[];
  /** The first records of the (first JSON) file; absent for other types or unreadable files. */
  records?: unknown[];
  /** The file whose records these are (a folder's first JSON file). */
  sampledFile?: string;
}

/** LLaMA-Factory's FILEEXT2TYPE: the loader each extension goes to. */
const FILE_TYPES: Readonly<Record<string, string>> = { arrow: 'arrow', csv: 'csv', json: 'json', jsonl: 'json', parquet: 'parquet', txt: 'text' };

/** The type LLaMA-Factory gives a file by its extension (the text after the last dot), or undefined. */
export function fileTypeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1) : name;
  return Object.hasOwn(FILE_TYPES, extension) ? FILE_TYPES[extension] : undefined;
}

/** How many records of a data file the checks read (the head of the file only). */
export const SAMPLE_RECORDS = 200;

/** What the sampled records hold, for comparing with an entry. */
export interface RecordSample {
  records: number;
  /** Top-level keys with a non-null value, and in how many records. */
  keys: Map<string, number>;
  /** Keys whose value is a list of objects (message lists), with the keys of those objects and the values of their likely role keys. */
  messageLists: Map<string, { messageKeys: Map<string, number>; roleValues: Map<string, Map<string, number>> }>;
  /** Keys whose value is a string in every record that has it. */
  stringKeys: Set<string>;
  /** Keys whose value is an object (not a list) in every record that has it. */
  objectKeys: Set<string>;
  /** The format the dataset engine detects without dataset_info.json, by majority. */
  detected?: { layout: Layout; kind: TaskKind };
}

export function summarizeRecords(records: readonly unknown[]): RecordSample {
  const keys = new Map<string, number>();
  const messageLists: RecordSample['messageLists'] = new Map();
  const types = new Map<string, Set<string>>();
  const layouts = new Map<string, number>();
  let count = 0;
  for (const record of records) {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
    count++;
    for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      keys.set(key, (keys.get(key) ?? 0) + 1);
      const type = Array.isArray(value) ? 'array' : typeof value;
      let seen = types.get(key);
      if (!seen) types.set(key, (seen = new Set()));
      seen.add(type);
      if (Array.isArray(value) && value.some(isPlainObject)) addMessages(messageLists, key, value);
    }
    const normalized = normalizeRecord(record).record;
    if (normalized) {
      const key = `${normalized.layout}\u0000${normalized.kind}`;
      layouts.set(key, (layouts.get(key) ?? 0) + 1);
    }
  }
  const stringKeys = new Set([...types].filter(([, t]) => t.size === 1 && t.has('string')).map(([k]) => k));
  const objectKeys = new Set([...types].filter(([, t]) => t.size === 1 && t.has('object')).map(([k]) => k));
  const top = [...layouts].sort((a, b) => b[1] - a[1])[0];
  const detected = top ? { layout: top[0].split('\u0000')[0] as Layout, kind: top[0].split('\u0000')[1] as TaskKind } : undefined;
  return { records: count, keys, messageLists, stringKeys, objectKeys, detected };
}

function addMessages(lists: RecordSample['messageLists'], key: string, messages: unknown[]): void {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = { messageKeys: new Map(), roleValues: new Map() }));
  for (const message of messages) {
    if (!isPlainObject(message)) continue;
    for (const [k, v] of Object.entries(message)) {
      list.messageKeys.set(k, (list.messageKeys.get(k) ?? 0) + 1);
      // Role-like values are short strings; long texts are contents, not worth counting.
      if (typeof v === 'string' && v.length <= 40) {
        let values = list.roleValues.get(k);
        if (!values) list.roleValues.set(k, (values = new Map<string, number>()));
        if (values.size < 50) values.set(v, (values.get(v) ?? 0) + 1);
      }
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of a sample, most common first, for messages ("they have: instruction, input, output"). */
export function describeKeys(keys: ReadonlyMap<string, number>, limit = 8): string {
  const sorted = [...keys].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  return sorted.length > limit ? `${sorted.slice(0, limit).join(', ')}, …` : sorted.join(', ');
}
