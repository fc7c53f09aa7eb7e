import { distance } from 'fastest-levenshtein';
import { msg } from '../../../../shared/messageTemplate';
import { defineRecordRule } from '../recordRule';

/** Preference pairs whose chosen and rejected answers are (nearly) the same text. */
export const pairTooSimilarRule = defineRecordRule({
  info: [
    {
      code: 'pair-too-similar',
      defaultSeverity: 'warning',
      title: msg('Chosen and rejected nearly identical'),
      why: msg('A preference pair whose two answers barely differ carries almost no signal and adds noise to DPO/reward training.'),
      settings: ['dataset.pairSimilarityThreshold'],
    },
  ],
  check(record, { options }) {
    const chosen = record?.chosen?.[record.chosen.length - 1];
    const rejected = record?.rejected?.[record.rejected.length - 1];
    if (!chosen || !rejected) return [];
    const a = chosen.text.trim();
    const b = rejected.text.trim();
    if (!a || !b) return [];
    const longer = Math.max(a.length, b.length);
    // Edit distance is at least the length difference: skip pairs that cannot reach the threshold.
    if (Math.min(a.length, b.length) / longer < options.pairSimilarityThreshold) return [];
    const similarity = a === b ? 1 : 1 - distance(a, b) / longer;
    if (similarity < options.pairSimilarityThreshold) return [];
    const percent = (n: number) => Math.floor(n * 1000) / 10;
    return [
      {
        code: 'pair-too-similar',
        message: msg('Chosen and rejected are {0}% identical (threshold {1}%): the pair carries almost no preference signal.'),
        args: [percent(similarity), percent(options.pairSimilarityThreshold)],
        path: rejected.path,
        data: { measured: Math.round(similarity * 1000) / 1000, threshold: options.pairSimilarityThreshold, similarity },
      },
    ];
  },
});
