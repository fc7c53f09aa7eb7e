/**
 * LLaMA-Factory's `dataset_info.json`: how each dataset file's columns and role tags map to
 * the canonical fields. When it sits beside a dataset file, its entry for that file wins over
 * detection by content.
 */
export interface DatasetInfoEntry {
  name: string;
  formatting: 'alpaca' | 'sharegpt';
  ranking: boolean;
  columns: Record<string, string>;
  tags: Record<string, string>;
}

/** LLaMA-Factory's default alpaca columns (used when dataset_info.json names none). */
export const ALPACA_COLUMNS: Readonly<Record<string, string>> = {
  prompt: 'instruction',
  query: 'input',
  response: 'output',
  history: 'history',
  system: 'system',
  tools: 'tools',
  chosen: 'chosen',
  rejected: 'rejected',
  kto_tag: 'kto_tag',
};

const SHAREGPT_COLUMNS: Record<string, string> = {
  messages: 'conversations',
  system: 'system',
  tools: 'tools',
  chosen: 'chosen',
  rejected: 'rejected',
  kto_tag: 'kto_tag',
};

export const SHAREGPT_TAGS: Readonly<Record<string, string>> = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

/** The entry of `dataset_info.json` (parsed) whose `file_name` is `fileName`, with defaults filled in. */
export function findDatasetInfoEntry(datasetInfo: unknown, fileName: string): DatasetInfoEntry | undefined {
  if (typeof datasetInfo !== 'object' || datasetInfo === null) return undefined;
  for (const [name, raw] of Object.entries(datasetInfo as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const entry = raw as Record<string, unknown>;
    if (entry.file_name !== fileName) continue;
    const formatting = entry.formatting === 'sharegpt' ? 'sharegpt' : 'alpaca';
    const defaults = formatting === 'sharegpt' ? SHAREGPT_COLUMNS : ALPACA_COLUMNS;
    return {
      name,
      formatting,
      ranking: entry.ranking === true,
      columns: { ...defaults, ...stringMap(entry.columns) },
      tags: formatting === 'sharegpt' ? { ...SHAREGPT_TAGS, ...stringMap(entry.tags) } : {},
    };
  }
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}
