import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The decisions of one reviewer on one dataset, in a small JSON file beside it (never inside the
 * data): `<dataset file name>.review.<reviewer>.json`. Schema: docs/review.schema.json.
 */
export const REVIEW_SCHEMA = 'tunelab-review';
export const REVIEW_VERSION = 1;

export type ReviewDecision = 'accept' | 'reject' | 'skip';
export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['accept', 'reject', 'skip'];

/** One sampled record, and the reviewer's decision once made. */
export interface ReviewItem {
  /** 0-based record index when the item was last saved. */
  index: number;
  /** Content hash of the record (contentHash.ts) when it was sampled or decided. */
  hash: string;
  decision?: ReviewDecision;
  note?: string;
  /** 1 to 5, the annotator score the low-annotator-score rule averages. */
  score?: number;
  /** ISO time of the decision. */
  at?: string;
}

export interface ReviewFile {
  schema: typeof REVIEW_SCHEMA;
  version: typeof REVIEW_VERSION;
  /** The dataset's file name (the review file sits beside it). */
  dataset: string;
  reviewer: string;
  /** The sample is drawSample(hashes, share, seed) of the dataset as it was when the review began. */
  seed: number;
  share: number;
  /** Records in the dataset when the sample was drawn. */
  records: number;
  created: string;
  updated: string;
  /** The sampled records in review order (file order). */
  items: ReviewItem[];
}

const REVIEW_SUFFIX = /\.review\.([^./\\]+)\.json$/;

/** A reviewer's name as it may appear in a file name: letters, digits, `_` and `-`. */
export function safeReviewerName(name: string): string {
  const safe = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return safe.slice(0, 64) || 'reviewer';
}

export function reviewFilePath(datasetPath: string, reviewer: string): string {
  return join(dirname(datasetPath), `${basename(datasetPath)}.review.${safeReviewerName(reviewer)}.json`);
}

/** Whether `fileName` is a review file (the checker and the diagnostics leave them alone). */
export function isReviewFileName(fileName: string): boolean {
  return REVIEW_SUFFIX.test(fileName);
}

/** The review files of every reviewer of a dataset, sorted by path. */
export async function reviewFilesOf(datasetPath: string): Promise<string[]> {
  const prefix = `${basename(datasetPath)}.review.`;
  const names = await readdir(dirname(datasetPath)).catch(() => [] as string[]);
  return names
    .filter((n) => n.startsWith(prefix) && REVIEW_SUFFIX.test(n) && !n.slice(prefix.length, -'.json'.length).includes('.'))
    .sort()
    .map((n) => join(dirname(datasetPath), n));
}

export class ReviewFileError extends Error {}

/** Checks the shape of a parsed review file; throws ReviewFileError saying what is wrong. */
export function parseReviewFile(text: string, path = 'review file'): ReviewFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReviewFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const fail = (what: string): never => {
    throw new ReviewFileError(`${path}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const file = value as Record<string, unknown>;
  if (file.schema !== REVIEW_SCHEMA) fail(`"schema" must be "${REVIEW_SCHEMA}"`);
  if (file.version !== REVIEW_VERSION) fail(`version ${String(file.version)} is not supported (this TuneLab reads version ${REVIEW_VERSION})`);
  for (const key of ['dataset', 'reviewer', 'created', 'updated']) if (typeof file[key] !== 'string') fail(`"${key}" must be a string`);
  for (const key of ['seed', 'share', 'records']) if (typeof file[key] !== 'number' || !Number.isFinite(file[key])) fail(`"${key}" must be a number`);
  if (!Array.isArray(file.items)) return fail('"items" must be a list');
  file.items.forEach((item: unknown, i) => {
    const where = `items[${i}]`;
    if (typeof item !== 'object' || item === null) return fail(`${where} must be an object`);
    const it = item as Record<string, unknown>;
    if (!Number.isInteger(it.index) || (it.index as number) < 0) fail(`${where}.index must be a whole number`);
    if (typeof it.hash !== 'string') fail(`${where}.hash must be a string`);
    if (it.decision !== undefined && !REVIEW_DECISIONS.includes(it.decision as ReviewDecision)) fail(`${where}.decision must be accept, reject or skip`);
    if (it.note !== undefined && typeof it.note !== 'string') fail(`${where}.note must be a string`);
    if (it.score !== undefined && !isScore(it.score)) fail(`${where}.score must be a number from 1 to 5`);
  });
  return file as unknown as ReviewFile;
}

export function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 5;
}

export async function readReviewFile(path: string): Promise<ReviewFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseReviewFile(text, basename(path));
}

/**
 * Writes the file through a temporary file beside it renamed into place: a crash mid-write
 * leaves the previous decisions, never half a file.
 */
export async function writeReviewFile(path: string, file: ReviewFile): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(file, null, 1)}\n`, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
