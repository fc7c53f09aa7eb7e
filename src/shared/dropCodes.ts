import type { FindingCode } from './findings';

/**
 * The codes `tunelab clean` drops by default and the previewer's export offers ticked: records
 * that are broken or repeated. One list, so the CLI and the editor clean the same way.
 */
export const DEFAULT_DROP_CODES: readonly FindingCode[] = [
  'malformed-json',
  'invalid-encoding',
  'invalid-record',
  'role-order',
  'empty-turn',
  'mixed-formats',
  'exact-duplicate',
  'near-duplicate',
];
