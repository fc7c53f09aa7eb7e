/**
 * The sampled review inside the dataset previewer: what the host answers about the review of
 * the open dataset, and the strings its panel shows. Shared by the host and the webview bundles.
 */
import type { FindingCode } from '../findings';

export type ReviewDecisionName = 'accept' | 'reject' | 'skip';

/** The review as the panel shows it (the record itself travels beside it: ReviewView in datasetPreview.ts). */
export interface ReviewState {
  reviewer: string;
  /** The review file's name (beside the dataset). */
  fileName: string;
  /** Position of the record shown in the sample (0-based). */
  position: number;
  sampled: number;
  reviewed: number;
  accepted: number;
  rejected: number;
  skipped: number;
  stale: number;
  acceptedShare: number;
  /** The record's current 0-based index (-1 when it is no longer in the file). */
  row: number;
  decision?: ReviewDecisionName;
  note?: string;
  score?: number;
  /** The record changed after it was decided. */
  staleDecision: boolean;
  /** Every sampled record has a decision. */
  done: boolean;
  /** How many rejected records each finding code is on, most first. */
  rejectedFindings: Array<{ code: FindingCode; records: number }>;
  /** The notes on rejected records. */
  rejectedNotes: Array<{ row: number; note: string }>;
}

export interface ReviewStrings {
  startReview: string;
  /** "Review · {0}" */
  title: string;
  /** "{0} of {1} reviewed, {2}% accepted" */
  progress: string;
  /** "{0} skipped" */
  skipped: string;
  /** "{0} stale" */
  stale: string;
  /** "Record {0} of {1} in the sample" */
  position: string;
  accept: string;
  reject: string;
  skip: string;
  note: string;
  notePlaceholder: string;
  previous: string;
  next: string;
  score: string;
  /** "Score {0} of 5" */
  scoreValue: string;
  summary: string;
  exportAccepted: string;
  endReview: string;
  keyHints: string;
  accepted: string;
  rejected: string;
  skippedDecision: string;
  undecided: string;
  staleDecision: string;
  gone: string;
  done: string;
  rejectedFindings: string;
  noRejectedFindings: string;
  rejectedNotes: string;
  /** "{0}: {1} records" */
  findingRecords: string;
}
