import { parseArgs } from 'node:util';
import { combineReviews, readReviewsOf } from '../core/dataset/review/combineReviews';
import { recordHashes } from '../core/dataset/review/contentHash';
import { ReviewSession } from '../core/dataset/review/reviewSession';
import type { ReviewProgress } from '../core/dataset/review/reviewSession';
import { fileSource } from '../core/dataset/reading/byteSource';
import { loadCliSettings } from './configFile';
import type { CliIo } from './cliIo';
import { EXIT_OK, UsageError } from './cliIo';

export const REVIEW_USAGE = `Usage: tunelab review summary <dataset> [options]

Summarises the sampled reviews of a dataset: the review files beside it
(<dataset>.review.<reviewer>.json, written by the previewer's Start Review).
Prints each reviewer's progress and acceptance rate, and each scored record's
mean score across reviewers (the scores tunelab check's low-annotator-score uses).

Options:
  --format <text|json>  output format (default: text)
  --config <file>       settings as JSON, as for tunelab check (dataset.minMeanRating)
  -h, --help            show this help
`;

interface ScoredRecord {
  /** 1-based record number in the dataset now (undefined: the record is no longer in it). */
  record?: number;
  hash: string;
  mean: number;
  scores: number[];
  reviewers: string[];
}

export async function reviewCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(REVIEW_USAGE);
    return EXIT_OK;
  }
  const [action, dataset, ...rest] = positionals;
  if (action !== 'summary') throw new UsageError(action === undefined ? 'name an action: summary' : `unknown action '${action}'`);
  if (dataset === undefined || rest.length) throw new UsageError('name one dataset');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const { settings } = await loadCliSettings(values.config);
  const threshold = settings['dataset.minMeanRating'];

  const source = await fileSource(dataset);
  let hashes: string[];
  try {
    hashes = await recordHashes(source, io.signal);
  } finally {
    await source.close();
  }
  const { files, errors } = await readReviewsOf(dataset);
  for (const error of errors) io.stderr.write(`tunelab: warning: ${error}\n`);
  const reviewers = files.map((file) => ({ reviewer: file.reviewer, ...ReviewSession.resume(file, hashes).progress() }));
  const firstIndex = new Map<string, number>();
  hashes.forEach((hash, index) => firstIndex.has(hash) || firstIndex.set(hash, index));
  const scored: ScoredRecord[] = [...combineReviews(files).values()]
    .map((c) => ({
      record: firstIndex.has(c.hash) ? (firstIndex.get(c.hash) as number) + 1 : undefined,
      hash: c.hash,
      mean: c.mean,
      scores: c.scores,
      reviewers: c.reviewers,
    }))
    .sort((a, b) => (a.record ?? Infinity) - (b.record ?? Infinity));
  const under = scored.filter((s) => s.record !== undefined && s.mean < threshold).length;

  if (values.format === 'json') {
    io.stdout.write(`${JSON.stringify({ dataset, records: hashes.length, threshold, reviewers, scored, under }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [`${dataset}: ${hashes.length} records, ${reviewers.length} review file${reviewers.length === 1 ? '' : 's'}`];
  for (const r of reviewers) lines.push(`  ${r.reviewer}: ${progressText(r)}`);
  if (scored.length) {
    lines.push(`Mean scores (${scored.length} records scored; under ${threshold} is low-annotator-score):`);
    for (const s of scored) {
      const where = s.record === undefined ? `record ${s.hash} (no longer in the file)` : `record ${s.record}`;
      const flag = s.record !== undefined && s.mean < threshold ? `  under ${threshold}` : '';
      lines.push(`  ${where}: ${s.mean.toFixed(2)} (${s.scores.join(', ')} by ${s.reviewers.join(', ')})${flag}`);
    }
    lines.push(`${under} of ${scored.length} scored records are under ${threshold}.`);
  } else lines.push('No record has a score yet.');
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/** "12 of 90 reviewed, 83% accepted (1 skipped, 1 stale)" */
export function progressText(p: ReviewProgress): string {
  const extra = [p.skipped && `${p.skipped} skipped`, p.stale && `${p.stale} stale`].filter(Boolean);
  return `${p.reviewed} of ${p.sampled} reviewed, ${Math.round(p.acceptedShare * 100)}% accepted${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
