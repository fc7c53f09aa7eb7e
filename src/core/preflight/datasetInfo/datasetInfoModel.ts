import type { Range } from '../../../shared/findings';
import type { ConfigDocument, ConfigEntry, ConfigNode } from '../../config/document/configTree';
import { parseJsonConfig } from '../../config/document/parseJsonConfig';

/**
 * LLaMA-Factory's `dataset_info.json` read with positions, each entry resolved the way
 * `get_dataset_list` (src/llamafactory/data/parser.py) resolves it: where it loads from (a hub
 * URL wins over script_url, cloud_file_name and file_name), its formatting and ranking, and
 * every column and tag with LLaMA-Factory's own defaults, so findings can say what the loader
 * will actually read and point at the key that decides it.
 */
export type LoadFrom = 'hub' | 'script' | 'cloud_file' | 'file' | 'none';
export type Formatting = 'alpaca' | 'sharegpt' | 'openai';

/** A value as written (with its range), or a default (with the range of the entry's name). */
export interface Located<T> {
  value: T;
  range: Range;
  /** False when LLaMA-Factory's default applies (nothing written). */
  written: boolean;
}

export interface InfoEntry {
  name: string;
  nameRange: Range;
  node: ConfigNode;
  loadFrom: LoadFrom;
  /** file_name as written, when the dataset is read from a local file or folder. */
  fileName?: Located<string>;
  /** As written: LLaMA-Factory refuses values other than Formatting, the schema says so. */
  formatting: Located<string>;
  ranking: Located<boolean>;
  /** Effective columns: the written ones, or LLaMA-Factory's defaults when `columns` is absent; a name not here is None. */
  columns: Record<string, Located<string>>;
  /** Effective tags, by the same rule as the columns. */
  tags: Record<string, Located<string>>;
}

export interface DatasetInfoFile {
  document: ConfigDocument;
  entries: InfoEntry[];
  /** Entries by name (the last one wins, as in Python's json.load). */
  byName: Map<string, InfoEntry>;
}

/** LLaMA-Factory's DatasetAttr defaults: only these columns have one. */
export const DEFAULT_COLUMNS: Readonly<Record<string, string>> = { prompt: 'instruction', query: 'input', response: 'output', messages: 'conversations' };
export const COLUMN_NAMES = [
  'prompt',
  'query',
  'response',
  'history',
  'messages',
  'system',
  'tools',
  'images',
  'videos',
  'audios',
  'chosen',
  'rejected',
  'kto_tag',
] as const;
export const DEFAULT_TAGS: Readonly<Record<string, string>> = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

export function parseDatasetInfo(text: string): DatasetInfoFile {
  const document = parseJsonConfig(text.replace(/^\uFEFF/, ''));
  const entries: InfoEntry[] = [];
  const byName = new Map<string, InfoEntry>();
  if (document.root?.type === 'object') {
    for (const entry of document.root.entries ?? []) {
      if (entry.value.type !== 'object') continue;
      const resolved = resolveEntry(entry);
      entries.push(resolved);
      byName.set(resolved.name, resolved);
    }
  }
  return { document, entries, byName };
}

function resolveEntry(entry: ConfigEntry): InfoEntry {
  const node = entry.value;
  const member = (key: string) => node.entries?.find((e) => e.key === key);
  const has = (key: string) => member(key) !== undefined;
  const loadFrom: LoadFrom =
    has('hf_hub_url') || has('ms_hub_url') || has('om_hub_url')
      ? 'hub'
      : has('script_url')
        ? 'script'
        : has('cloud_file_name')
          ? 'cloud_file'
          : has('file_name')
            ? 'file'
            : 'none';
  const fallback = entry.keyRange;
  const fileEntry = member('file_name');
  const formattingEntry = member('formatting');
  const rankingEntry = member('ranking');
  // DatasetAttr.join: a `columns` (or `tags`) object replaces the defaults as a whole; the
  // names it leaves out become None, not their defaults (c4_demo's {"prompt": "text"} has no query).
  const columnsEntry = member('columns');
  const columns: Record<string, Located<string>> = {};
  if (!columnsEntry) for (const [name, value] of Object.entries(DEFAULT_COLUMNS)) columns[name] = { value, range: fallback, written: false };
  for (const column of columnsEntry?.value.entries ?? []) {
    if (typeof column.value.value === 'string') columns[column.key] = { value: column.value.value, range: column.value.range, written: true };
  }
  const tagsEntry = member('tags');
  const tags: Record<string, Located<string>> = {};
  if (!tagsEntry) for (const [name, value] of Object.entries(DEFAULT_TAGS)) tags[name] = { value, range: fallback, written: false };
  for (const tag of tagsEntry?.value.entries ?? []) {
    if (typeof tag.value.value === 'string') tags[tag.key] = { value: tag.value.value, range: tag.value.range, written: true };
  }
  return {
    name: entry.key,
    nameRange: entry.keyRange,
    node,
    loadFrom,
    fileName:
      loadFrom === 'file' && fileEntry && typeof fileEntry.value.value === 'string'
        ? { value: fileEntry.value.value, range: fileEntry.value.range, written: true }
        : undefined,
    formatting:
      formattingEntry && typeof formattingEntry.value.value === 'string'
        ? { value: formattingEntry.value.value, range: formattingEntry.value.range, written: true }
        : { value: 'alpaca', range: fallback, written: false },
    ranking:
      rankingEntry && typeof rankingEntry.value.value === 'boolean'
        ? { value: rankingEntry.value.value, range: rankingEntry.value.range, written: true }
        : { value: false, range: fallback, written: false },
    columns,
    tags,
  };
}

/** The range of a key inside the entry (`columns`, `tags`…), or the entry's name. */
export function memberKeyRange(entry: InfoEntry, key: string): Range {
  return entry.node.entries?.find((e) => e.key === key)?.keyRange ?? entry.nameRange;
}

/** True for formats read as a list of messages (sharegpt, openai). */
export function isMessagesFormat(formatting: string): boolean {
  return formatting === 'sharegpt' || formatting === 'openai';
}
