import type { ReviewDecision, ReviewFile, ReviewItem } from './reviewFile';
import { REVIEW_SCHEMA, REVIEW_VERSION, isScore } from './reviewFile';
import { drawSample } from './reviewSample';

/**
 * Where a sampled record is in the dataset now. `same`: at its index with its content;
 * `moved`: its content is at another index (records were added or removed before it);
 * `changed`: not found, so the record at its index is shown and an earlier decision is stale;
 * `gone`: the file is now shorter than its index.
 */
export type ItemState = 'same' | 'moved' | 'changed' | 'gone';

export interface ResolvedItem {
  item: ReviewItem;
  /** Current 0-based record index (-1 when gone). */
  row: number;
  state: ItemState;
}

export interface ReviewProgress {
  sampled: number;
  /** Accepted plus rejected. */
  reviewed: number;
  accepted: number;
  rejected: number;
  skipped: number;
  /** Decisions made on a record that has changed since. */
  stale: number;
  /** accepted / reviewed (0 when none is reviewed). */
  acceptedShare: number;
}

export interface DecisionInput {
  decision: ReviewDecision;
  note?: string;
  score?: number;
}

/** One reviewer's review of one dataset: the sample, the decisions, and where each record is now. */
export class ReviewSession {
  private constructor(
    private readonly header: Omit<ReviewFile, 'items'>,
    readonly items: ResolvedItem[],
    private readonly hashes: readonly string[],
  ) {}

  /** A new review: a sample of `share` of the records drawn with `seed`. */
  static begin(dataset: string, reviewer: string, hashes: readonly string[], share: number, seed: number, now: Date): ReviewSession {
    const time = now.toISOString();
    const items = drawSample(hashes, share, seed).map((index) => ({ item: { index, hash: hashes[index] }, row: index, state: 'same' as const }));
    return new ReviewSession(
      { schema: REVIEW_SCHEMA, version: REVIEW_VERSION, dataset, reviewer, seed, share, records: hashes.length, created: time, updated: time },
      items,
      hashes,
    );
  }

  /** An earlier review, its records found again in the dataset's current `hashes`. */
  static resume(file: ReviewFile, hashes: readonly string[]): ReviewSession {
    const { items, ...header } = file;
    return new ReviewSession(header, resolveItems(items, hashes), hashes);
  }

  get reviewer(): string {
    return this.header.reviewer;
  }

  get seed(): number {
    return this.header.seed;
  }

  /** The file to save: items with their current index (a moved record keeps its decision). */
  toFile(): ReviewFile {
    return { ...this.header, items: this.items.map((r) => (r.state === 'moved' ? { ...r.item, index: r.row } : { ...r.item })) };
  }

  isStale(position: number): boolean {
    const r = this.items[position];
    return r !== undefined && r.item.decision !== undefined && (r.state === 'changed' || r.state === 'gone');
  }

  /** Records a decision; the record's current content becomes the one decided on. */
  decide(position: number, input: DecisionInput, now: Date): void {
    const resolved = this.items[position];
    if (!resolved) throw new RangeError(`no sampled record at position ${position}`);
    if (resolved.state === 'gone') throw new RangeError('the record is no longer in the file');
    const note = input.note?.trim();
    const item: ReviewItem = { index: resolved.row, hash: this.hashes[resolved.row], decision: input.decision, at: now.toISOString() };
    if (note) item.note = note;
    if (isScore(input.score)) item.score = input.score;
    this.items[position] = { item, row: resolved.row, state: 'same' };
    this.header.updated = item.at as string;
  }

  /** The first record with no decision at or after `from` (wrapping round), else -1. */
  nextUndecided(from = 0): number {
    const n = this.items.length;
    for (let k = 0; k < n; k++) {
      const position = (from + k) % n;
      if (this.items[position].item.decision === undefined && this.items[position].state !== 'gone') return position;
    }
    return -1;
  }

  /** Where a resumed review continues: the first undecided record, else the first skipped one, else the start. */
  resumePosition(): number {
    const undecided = this.nextUndecided(0);
    if (undecided >= 0) return undecided;
    const skipped = this.items.findIndex((r) => r.item.decision === 'skip' && r.state !== 'gone');
    return Math.max(0, skipped);
  }

  progress(): ReviewProgress {
    let accepted = 0;
    let rejected = 0;
    let skipped = 0;
    let stale = 0;
    this.items.forEach((r, position) => {
      if (r.item.decision === 'accept') accepted++;
      else if (r.item.decision === 'reject') rejected++;
      else if (r.item.decision === 'skip') skipped++;
      if (this.isStale(position)) stale++;
    });
    const reviewed = accepted + rejected;
    return { sampled: this.items.length, reviewed, accepted, rejected, skipped, stale, acceptedShare: reviewed ? accepted / reviewed : 0 };
  }

  /** Current record indices with `decision` whose decision is not stale, ascending. */
  rowsDecided(decision: ReviewDecision): number[] {
    return this.items
      .filter((r, position) => r.item.decision === decision && !this.isStale(position) && r.row >= 0)
      .map((r) => r.row)
      .sort((a, b) => a - b);
  }
}

/**
 * Finds each item's record in `hashes`: at its index when the content there is the same, else
 * at the nearest index holding that content that no other item took, else `changed` (or `gone`).
 */
export function resolveItems(items: readonly ReviewItem[], hashes: readonly string[]): ResolvedItem[] {
  const byHash = new Map<string, number[]>();
  hashes.forEach((hash, index) => {
    const list = byHash.get(hash);
    if (list) list.push(index);
    else byHash.set(hash, [index]);
  });
  const taken = new Set<number>();
  const resolved: Array<ResolvedItem | undefined> = items.map((item) => {
    if (hashes[item.index] !== item.hash) return undefined;
    taken.add(item.index);
    return { item, row: item.index, state: 'same' };
  });
  return items.map((item, i) => {
    const done = resolved[i];
    if (done) return done;
    const candidates = (byHash.get(item.hash) ?? []).filter((index) => !taken.has(index));
    if (candidates.length) {
      const nearest = candidates.reduce((best, index) => (Math.abs(index - item.index) < Math.abs(best - item.index) ? index : best));
      taken.add(nearest);
      return { item, row: nearest, state: 'moved' };
    }
    return item.index < hashes.length ? { item, row: item.index, state: 'changed' } : { item, row: -1, state: 'gone' };
  });
}

/** How many rejected records each finding code is on, most first: what the engine saw in what the reviewer rejected. */
export function findingsOfRejected<C extends string>(rows: readonly number[], findingsOf: (row: number) => ReadonlyArray<{ code: C }>): Array<[C, number]> {
  const counts = new Map<C, number>();
  for (const row of rows) for (const code of new Set(findingsOf(row).map((f) => f.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
