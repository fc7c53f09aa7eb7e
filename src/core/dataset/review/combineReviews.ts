import type { Finding, Range, Severity } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';
import type { ReviewState } from './reviewSession';

export interface CombinedScore {
  /** 1-based record number. */
  record: number;
  mean: number;
  /** The scores, one per reviewer who scored the record. */
  scores: number[];
}

/**
 * Several reviewers' files combined: per record, the mean of the scores given (the rules: three
 * annotators per record, drop records whose mean is under 4.0). One score per reviewer: a
 * reviewer's file counted twice (the same name) keeps the later one. Files drawn from a
 * different record count are left out, since their record numbers may name other records.
 */
export function combineReviews(reviews: readonly ReviewState[], records?: number): CombinedScore[] {
  const byReviewer = new Map<string, ReviewState>();
  for (const review of reviews) if (records === undefined || review.records === records) byReviewer.set(review.reviewer, review);
  const scores = new Map<number, number[]>();
  for (const review of byReviewer.values())
    for (const [key, decision] of Object.entries(review.decisions)) {
      if (decision.score === undefined) continue;
      const record = Number(key);
      let list = scores.get(record);
      if (!list) scores.set(record, (list = []));
      list.push(decision.score);
    }
  return [...scores]
    .map(([record, list]) => ({ record, scores: list, mean: list.reduce((a, b) => a + b, 0) / list.length }))
    .sort((a, b) => a.record - b.record);
}

/**
 * The combined means under `minMean` as `low-annotator-score` findings, in the rule's own words
 * (its message template), placed on each record's first line (`heads`, 0-based by record).
 */
export function reviewScoreFindings(combined: readonly CombinedScore[], minMean: number, heads: readonly Range[], severity: Severity): Finding[] {
  return combined
    .filter((c) => c.mean < minMean && heads[c.record - 1])
    .map((c) => ({
      code: 'low-annotator-score' as const,
      severity,
      record: c.record,
      range: heads[c.record - 1],
      message: msg('Mean annotator score {0} (of {1} ratings) is under {2}.'),
      args: [Number(c.mean.toFixed(2)), c.scores.length, minMean],
      data: { measured: Math.round(c.mean * 100) / 100, threshold: minMean, detail: { source: 'review files' } },
    }));
}
