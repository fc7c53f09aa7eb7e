import { defineRule } from '../../rules/defineRule';
import type { FindingCode } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';

/**
 * The codes the engine reports itself while reading the file, before any rule sees a record
 * (analysis/recordAnalyzer.ts and analysis/analyzeDataset.ts): bytes that are not UTF-8, text
 * that is not JSON, a file that is not a dataset at all. Declared here so that they are in
 * the catalogue with every rule's codes.
 */
export const fileFindings = defineRule<FindingCode, object>({
  info: [
    {
      code: 'malformed-json',
      defaultSeverity: 'error',
      title: msg('Malformed JSON'),
      why: msg('Training frameworks stop at, or silently skip, records they cannot parse.'),
      settings: [],
    },
    {
      code: 'invalid-encoding',
      defaultSeverity: 'error',
      title: msg('Invalid UTF-8'),
      why: msg('Bytes that are not UTF-8 turn into replacement characters (�) that the model learns as text.'),
      settings: [],
    },
    {
      code: 'not-a-dataset',
      defaultSeverity: 'error',
      title: msg('Not a dataset'),
      why: msg('A dataset is a JSON array of records or JSON Lines (one record per line).'),
      settings: [],
    },
  ],
});
