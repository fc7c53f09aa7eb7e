import type * as vscode from 'vscode';
import { analysisOptionsFrom } from '../../core/dataset/analysisOptions';
import type { AnalysisOptions } from '../../core/dataset/analysisOptions';
import { datasetInfoFor } from '../../core/dataset/datasetFile';
import type { DatasetInfoEntry } from '../../core/dataset/formats/datasetInfo';
import { findIgnoreFile, ignoredCodes, severityWithIgnored } from '../../core/dataset/ignoreFile';
import { reviewScoresFor } from '../../core/dataset/review/combineReviews';
import type { Logger } from '../../core/logger';
import { readSettings } from '../settings';

/**
 * What an analysis of `uri` is configured with, the same for diagnostics and the previewer:
 * the resource's settings, the codes its `.tunelab-ignore.json` turns off, the reviewers' scores
 * of its review files, and the entry of a `dataset_info.json` beside it.
 */
export async function analysisInputs(uri: vscode.Uri, logger: Logger): Promise<{ options: AnalysisOptions; info?: DatasetInfoEntry }> {
  let options = analysisOptionsFrom(readSettings(uri));
  if (uri.scheme !== 'file') return { options };
  const ignore = await findIgnoreFile(uri.fsPath).catch((error: unknown) => {
    logger.warn(error instanceof Error ? error.message : String(error));
    return undefined;
  });
  const ignored = ignoredCodes(ignore?.ignore, ignore?.relativePath ?? '');
  if (ignored.size) options = { ...options, severity: severityWithIgnored(options.severity, ignored) };
  // Reviewers' scores from the review files beside the dataset feed low-annotator-score (docs/review.md).
  const reviewScores = await reviewScoresFor(uri.fsPath).catch(() => undefined);
  if (reviewScores) options = { ...options, reviewScores };
  return { options, info: await datasetInfoFor(uri.fsPath) };
}
