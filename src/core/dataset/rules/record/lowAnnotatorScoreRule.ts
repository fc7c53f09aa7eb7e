import { isObject } from '../../formats/fieldReader';
import { msg } from '../../../../shared/messageTemplate';
import { defineRecordRule } from '../recordRule';
import type { RuleHit } from '../recordRule';
import { hashRecordValue } from '../../review/contentHash';

/**
 * Records whose annotator scores (the first configured field present: a number, a list of
 * numbers, an object of annotator → score, or numeric strings) average under the minimum.
 * A record without such a field is looked up by content hash in the scores of the review files
 * beside the dataset (`options.reviewScores`), so reviewers score records without editing them.
 */
export const lowAnnotatorScoreRule = defineRecordRule({
  info: [
    {
      code: 'low-annotator-score',
      defaultSeverity: 'warning',
      title: msg('Low annotator score'),
      why: msg('Records whose mean annotator score is under 4.0 (of 5) should be dropped: rather 1,000 fewer records than one bad one.'),
      settings: ['dataset.minMeanRating', 'dataset.ratingFields'],
    },
  ],
  check(_record, { raw, options }) {
    if (isObject(raw)) {
      for (const field of options.ratingFields) {
        if (!Object.prototype.hasOwnProperty.call(raw, field)) continue;
        const scores = readScores(raw[field]);
        if (scores.length === 0) continue;
        return lowMean(scores, options.minMeanRating, field);
      }
    }
    // Hashing every record costs a little: only when some review file has scores.
    if (!options.reviewScores || raw === undefined) return [];
    const reviewed = options.reviewScores[hashRecordValue(raw)];
    return reviewed?.length ? lowMean(reviewed, options.minMeanRating, undefined) : [];
  },
});

/** The finding when the mean of `scores` is under `threshold`: on the field, or on the whole record for review-file scores. */
function lowMean(scores: readonly number[], threshold: number, field: string | undefined): RuleHit[] {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  if (mean >= threshold) return [];
  return [
    {
      code: 'low-annotator-score',
      message:
        field === undefined
          ? msg('Mean reviewer score {0} (of {1} review files) is under {2}.')
          : msg('Mean annotator score {0} (of {1} ratings) is under {2}.'),
      args: [Number(mean.toFixed(2)), scores.length, threshold],
      path: field === undefined ? [] : [field],
      data: { measured: Math.round(mean * 100) / 100, threshold, field: field ?? 'review' },
    },
  ];
}

export function readScores(value: unknown): number[] {
  const one = (v: unknown): number | undefined => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  };
  const single = one(value);
  if (single !== undefined) return [single];
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return list.map(one).filter((n): n is number => n !== undefined);
}
