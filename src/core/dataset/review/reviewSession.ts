import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Sampled human review, the core (the previewer UI is a later slice): a reproducible random
 * sample of a dataset's records (default 30%, seeded), one reviewer's decisions on them saved
 * beside the dataset in a small JSON file (never inside the data), resumable.
 *
 * File: `<dataset>.review.<reviewer>.json` in the dataset's folder, e.g.
 * `train.jsonl.review.alice.json`. It holds the seed, share and record count the sample was
 * drawn with, so reopening draws the same sample; a dataset whose record count changed since
 * is reported (its record numbers may no longer point at the same records).
 */
export type Decision = 'accept' | 'reject' | 'skip';

export interface RecordDecision {
  decision: Decision;
  /** The reviewer's score, 1 to 5 (optional; combined across reviewers into a mean). */
  score?: number;
  note?: string;
  /** ISO time of the decision. */
  at: string;
}

export interface ReviewState {
  version: 1;
  dataset: string;
  reviewer: string;
  seed: number;
  share: number;
  records: number;
  /** 1-based record numbers of the sample, in review order. */
  sample: number[];
  /** By 1-based record number (as a string key, JSON objects' keys). */
  decisions: Record<string, RecordDecision>;
}

export const DEFAULT_REVIEW_SHARE = 0.3;

/** mulberry32: small, seeded, the same on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `ceil(share × count)` distinct 1-based record numbers, in a seeded random order (a partial Fisher–Yates shuffle). */
export function sampleRecords(count: number, share: number, seed: number): number[] {
  const size = Math.min(count, Math.ceil(Math.max(0, Math.min(1, share)) * count));
  const random = seeded(seed);
  const pool = Array.from({ length: count }, (_, i) => i + 1);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (count - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}

export function reviewFilePath(datasetPath: string, reviewer: string): string {
  const safe = reviewer.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 64) || 'reviewer';
  return join(dirname(datasetPath), `${basename(datasetPath)}.review.${safe}.json`);
}

export function newReview(datasetPath: string, records: number, options: { reviewer: string; seed?: number; share?: number }): ReviewState {
  const seed = options.seed ?? 1;
  const share = options.share ?? DEFAULT_REVIEW_SHARE;
  return {
    version: 1,
    dataset: basename(datasetPath),
    reviewer: options.reviewer,
    seed,
    share,
    records,
    sample: sampleRecords(records, share, seed),
    decisions: {},
  };
}

export function decide(state: ReviewState, record: number, decision: Omit<RecordDecision, 'at'>, now = new Date()): ReviewState {
  if (!state.sample.includes(record)) throw new Error(`record ${record} is not in the review sample`);
  if (decision.score !== undefined && !(Number.isFinite(decision.score) && decision.score >= 1 && decision.score <= 5))
    throw new Error('a score is from 1 to 5');
  const entry: RecordDecision = { decision: decision.decision, at: now.toISOString() };
  if (decision.score !== undefined) entry.score = decision.score;
  if (decision.note) entry.note = decision.note.slice(0, 2000);
  return { ...state, decisions: { ...state.decisions, [String(record)]: entry } };
}

/** The next sampled record without a decision (skipped ones count as decided), or undefined when done. */
export function nextPending(state: ReviewState): number | undefined {
  return state.sample.find((r) => !Object.hasOwn(state.decisions, String(r)));
}

export interface ReviewProgress {
  sampled: number;
  decided: number;
  accepted: number;
  rejected: number;
  skipped: number;
  /** accepted / (accepted + rejected); undefined before the first. */
  acceptanceRate: number | undefined;
  /** 1-based records rejected, for "findings of the rejected" and export. */
  rejectedRecords: number[];
  acceptedRecords: number[];
}

export function reviewProgress(state: ReviewState): ReviewProgress {
  const of = (d: Decision) => state.sample.filter((r) => state.decisions[String(r)]?.decision === d).sort((a, b) => a - b);
  const acceptedRecords = of('accept');
  const rejectedRecords = of('reject');
  const skipped = of('skip').length;
  const judged = acceptedRecords.length + rejectedRecords.length;
  return {
    sampled: state.sample.length,
    decided: judged + skipped,
    accepted: acceptedRecords.length,
    rejected: rejectedRecords.length,
    skipped,
    acceptanceRate: judged ? acceptedRecords.length / judged : undefined,
    rejectedRecords,
    acceptedRecords,
  };
}

/** Written to a temporary file and renamed, so an interrupted save keeps the previous decisions. */
export async function saveReview(path: string, state: ReviewState): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(state, null, 2) + '\n');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A saved review, checked field by field (the file may have been edited by hand); undefined when missing. */
export async function loadReview(path: string): Promise<ReviewState | undefined> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const value = JSON.parse(text.replace(/^\uFEFF/, '')) as Partial<ReviewState>;
  const isInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (
    value.version !== 1 ||
    typeof value.reviewer !== 'string' ||
    !isInt(value.seed) ||
    typeof value.share !== 'number' ||
    !isInt(value.records) ||
    !Array.isArray(value.sample) ||
    !value.sample.every(isInt) ||
    typeof value.decisions !== 'object' ||
    value.decisions === null
  )
    throw new Error(`${path} is not a TuneLab review file`);
  const decisions: Record<string, RecordDecision> = {};
  for (const [key, d] of Object.entries(value.decisions)) {
    if (!d || (d.decision !== 'accept' && d.decision !== 'reject' && d.decision !== 'skip')) continue;
    const entry: RecordDecision = { decision: d.decision, at: typeof d.at === 'string' ? d.at : '' };
    if (typeof d.score === 'number' && d.score >= 1 && d.score <= 5) entry.score = d.score;
    if (typeof d.note === 'string') entry.note = d.note;
    decisions[key] = entry;
  }
  return {
    version: 1,
    dataset: String(value.dataset ?? ''),
    reviewer: value.reviewer,
    seed: value.seed,
    share: value.share,
    records: value.records,
    sample: value.sample,
    decisions,
  };
}

/** Opens the reviewer's saved session (resumed) or starts one; `stale` when the dataset's record count changed since. */
export async function openReview(
  datasetPath: string,
  records: number,
  options: { reviewer: string; seed?: number; share?: number },
): Promise<{ state: ReviewState; path: string; resumed: boolean; stale: boolean }> {
  const path = reviewFilePath(datasetPath, options.reviewer);
  const saved = await loadReview(path);
  if (saved) return { state: saved, path, resumed: true, stale: saved.records !== records };
  return { state: newReview(datasetPath, records, options), path, resumed: false, stale: false };
}
