import { GrowableArray } from '../../../util/growableArray';
import { nearDuplicateStage } from '../../analysis/nearDuplicateStage';
import { BANDS } from '../../dedup/minHash';
import type { Finding } from '../../../../shared/findings';
import { msg } from '../../../../shared/messageTemplate';
import { defineDatasetRule } from '../datasetRule';

/** Minimum comparable text for near-duplicate detection: shorter texts are too alike by chance. */
const MIN_NEAR_DUPLICATE_CHARS = 24;

interface NearFeatures {
  [name: string]: Uint32Array | Uint8Array;
  /** count × BANDS LSH band keys. */
  bandKeys: Uint32Array;
  /** 1 when the record has band keys (parsed, with enough comparable text). */
  hasBands: Uint8Array;
}

interface NearState {
  bandKeys: GrowableArray<Uint32Array>;
  hasBands: GrowableArray<Uint8Array>;
}

/**
 * Near duplicates: a record is flagged when its text is at least `threshold` similar
 * (character-shingle Jaccard) to an earlier record, which it is linked to. The workers give
 * each record LSH band keys; at the end, candidates that share a band key are verified with
 * exact Jaccard over shingle sets built again in the workers (analysis/nearDuplicateStage.ts).
 * Records that are exact copies are left to the exact-duplicate rule.
 */
export const nearDuplicateRule = defineDatasetRule<NearFeatures, NearState>({
  info: [
    {
      code: 'near-duplicate',
      defaultSeverity: 'warning',
      title: msg('Near duplicate'),
      why: msg('Keep a record only if it is less than 0.85 similar to every kept one: near-copies teach the tone, not the skill.'),
      settings: ['dataset.nearDuplicateThreshold'],
    },
  ],
  stage: 'near-duplicates',
  extractor(count) {
    const bandKeys = new Uint32Array(count * BANDS);
    const hasBands = new Uint8Array(count);
    return {
      add(k, { digester }) {
        if (digester.comparableLength >= MIN_NEAR_DUPLICATE_CHARS) hasBands[k] = digester.bandKeys(bandKeys, k * BANDS) ? 1 : 0;
      },
      take: () => ({ bandKeys, hasBands }),
    };
  },
  start: () => ({ bandKeys: new GrowableArray((n) => new Uint32Array(n), 4096 * BANDS), hasBands: new GrowableArray((n) => new Uint8Array(n)) }),
  absorb(state, features) {
    state.bandKeys.append(features.bandKeys);
    state.hasBands.append(features.hasBands);
  },
  async finish(state, { view, findings, copies, shingles, progress, signal }) {
    if (!findings.severity('near-duplicate')) return;
    const eligible = state.hasBands.view().slice();
    for (const index of copies.keys()) eligible[index] = 0;
    const threshold = view.options.nearDuplicateThreshold;
    const near = await nearDuplicateStage({
      source: view.source,
      count: view.records,
      bandKeys: state.bandKeys.view(),
      eligible,
      byteStarts: view.byteStarts,
      byteLengths: view.byteLengths,
      shingles,
      threshold,
      signal,
      onProgress: progress,
    });
    const earlierRecords = new Map<number, Finding['related']>();
    for (const { index, twin, similarity } of near) {
      const percent = Math.floor(similarity * 1000) / 10;
      findings.link(
        index,
        twin,
        'near-duplicate',
        msg('Near duplicate of record {0}: {1}% similar (threshold {2}%).'),
        [twin + 1, percent, Math.round(threshold * 100)],
        Math.round(similarity * 1000) / 1000,
        threshold,
        earlierRecords,
        msg('The earlier, similar record {0}.'),
      );
    }
  },
});
