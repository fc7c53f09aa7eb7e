import { basename } from 'node:path';
import type { ReviewFile } from './reviewFile';
import { readReviewFile, reviewFilesOf } from './reviewFile';

/** One record's scores across reviewers. */
export interface CombinedRecord {
  hash: string;
  /** The record's index in the latest file that scored it. */
  index: number;
  scores: number[];
  reviewers: string[];
  mean: number;
}

/**
 * Several reviewers' files → per-record scores, keyed by content hash: the practice is three
 * annotators a record, and the mean of their scores decides (under 4.0 of 5 is dropped). Only
 * explicit scores count: an accept or reject without a score says nothing about the number.
 * One reviewer counts once per record (two files of the same reviewer: the later one wins).
 */
export function combineReviews(files: readonly ReviewFile[]): Map<string, CombinedRecord> {
  const byReviewer = new Map<string, ReviewFile>();
  for (const file of files) {
    const earlier = byReviewer.get(file.reviewer);
    if (!earlier || earlier.updated <= file.updated) byReviewer.set(file.reviewer, file);
  }
  const combined = new Map<string, CombinedRecord>();
  for (const file of byReviewer.values()) {
    for (const item of file.items) {
      if (item.score === undefined) continue;
      let entry = combined.get(item.hash);
      if (!entry) combined.set(item.hash, (entry = { hash: item.hash, index: item.index, scores: [], reviewers: [], mean: 0 }));
      entry.scores.push(item.score);
      entry.reviewers.push(file.reviewer);
    }
  }
  for (const entry of combined.values()) entry.mean = entry.scores.reduce((a, b) => a + b, 0) / entry.scores.length;
  return combined;
}

/** The review files beside a dataset, read; the ones that cannot be read are named in `errors`. */
export async function readReviewsOf(datasetPath: string): Promise<{ files: ReviewFile[]; errors: string[] }> {
  const files: ReviewFile[] = [];
  const errors: string[] = [];
  for (const path of await reviewFilesOf(datasetPath)) {
    try {
      const file = await readReviewFile(path);
      if (file) files.push(file);
    } catch (error) {
      errors.push(`${basename(path)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files, errors };
}

/**
 * The reviewers' scores of a dataset's records by content hash, for the low-annotator-score rule
 * (AnalysisOptions.reviewScores); undefined when no review beside it has a score.
 */
export async function reviewScoresFor(datasetPath: string): Promise<Record<string, number[]> | undefined> {
  const { files } = await readReviewsOf(datasetPath);
  const combined = combineReviews(files);
  if (combined.size === 0) return undefined;
  const scores: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  for (const [hash, entry] of combined) scores[hash] = entry.scores;
  return scores;
}
