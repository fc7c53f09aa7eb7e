/**
 * Whether a JSON / JSON Lines text is a dataset, judged by its beginning, so that editor
 * diagnostics stay away from package.json, tsconfig.json and other JSON. A dataset is an array
 * of objects, or lines of objects, whose first record has a field of a known dataset format.
 */
const DATASET_FIELDS = [
  'instruction',
  'input',
  'output',
  'conversations',
  'messages',
  'prompt',
  'chosen',
  'rejected',
  'completion',
  'text',
  'history',
  'system',
  'label',
  'kto_tag',
  'chosen_messages',
  'rejected_messages',
  'response',
  'query',
];
const FIELD_PATTERN = new RegExp(`"(${DATASET_FIELDS.join('|')})"\\s*:`);

export function looksLikeDataset(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) {
    // an array whose first element is an object with a dataset field
    const rest = text.slice(1).trimStart();
    return rest.startsWith('{') && FIELD_PATTERN.test(rest.slice(0, 4096));
  }
  if (!text.startsWith('{')) return false;
  // JSON Lines: the first line is a whole object with a dataset field
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined);
  if (!FIELD_PATTERN.test(firstLine.slice(0, 64 * 1024))) return false;
  try {
    const value: unknown = JSON.parse(firstLine);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    // a first line cut by `head`, or a malformed first record: still a dataset when the second line also starts a record
    const second = text.split('\n', 3)[1]?.trimStart() ?? '';
    return second.startsWith('{') && FIELD_PATTERN.test(second.slice(0, 64 * 1024));
  }
}
