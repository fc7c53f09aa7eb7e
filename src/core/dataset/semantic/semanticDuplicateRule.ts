import { defineRule } from '../../rules/defineRule';
import type { FindingCode } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';

/**
 * `semantic-duplicate`: a record whose embedding is at least the threshold similar (cosine) to
 * an earlier record's. Unlike the other dataset codes it is not found by the engine's reading
 * pass: it needs the user's embeddings endpoint, so it is an opt-in pass run after the lexical
 * analysis (semanticDuplicates.ts), and its findings join the others. Declared here so that it
 * is in the catalogue (hovers, SARIF, the severity setting) with every code.
 *
 * Info by default: its precision depends on the user's embedding model, and none can be run
 * here to measure it on the real corpus.
 */
export const semanticDuplicateRule = defineRule<FindingCode, object>({
  info: [
    {
      code: 'semantic-duplicate',
      defaultSeverity: 'info',
      title: msg('Semantic duplicate'),
      why: msg(
        'Admit a sample only if its embedding is less than 0.85 similar to every admitted one: paraphrases and translations teach the same thing twice.',
      ),
      settings: ['dataset.semanticDuplicateThreshold'],
    },
  ],
});
