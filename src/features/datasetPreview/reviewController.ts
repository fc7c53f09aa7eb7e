import { userInfo } from 'node:os';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { destructiveDrop, writeCleanedDataset } from '../../core/dataset/clean/cleanDataset';
import { readRecordDetail } from '../../core/dataset/preview/recordDetail';
import { recordHashes } from '../../core/dataset/review/contentHash';
import { readReviewFile, reviewFilePath, writeReviewFile } from '../../core/dataset/review/reviewFile';
import { newSeed } from '../../core/dataset/review/reviewSample';
import type { DecisionInput } from '../../core/dataset/review/reviewSession';
import { ReviewSession, findingsOfRejected } from '../../core/dataset/review/reviewSession';
import type { Logger } from '../../core/logger';
import type { ReviewView } from '../../shared/protocol/datasetPreview';
import { RpcError } from '../../shared/protocol/rpc';
import { readSettings } from '../../platform/settings';
import type { DatasetDocument } from './datasetDocument';
import { detailFindings } from './recordFindings';

interface ActiveReview {
  session: ReviewSession;
  path: string;
  /** The index generation the session's record positions belong to. */
  generation: number;
  /** Saves run one after another, so an older state never overwrites a newer one. */
  saving: Promise<void>;
}

/** The reviewer's name: the setting, else the operating-system user. */
function reviewerName(uri: vscode.Uri): string {
  const configured = readSettings(uri)['review.reviewer'].trim();
  if (configured) return configured;
  try {
    return userInfo().username || 'reviewer';
  } catch {
    return 'reviewer';
  }
}

/**
 * The sampled review of the datasets open in the previewer: one session per open document,
 * loaded from (or started in) the reviewer's file beside the dataset, saved after every decision.
 * A document opened again reads the file again, so a review resumes where it was left.
 */
export class ReviewController {
  private readonly active = new WeakMap<DatasetDocument, Promise<ActiveReview>>();

  constructor(private readonly logger: Logger) {}

  async open(document: DatasetDocument): Promise<ReviewView> {
    const active = await this.session(document);
    return this.view(document, active, active.session.resumePosition());
  }

  async move(document: DatasetDocument, position: number): Promise<ReviewView> {
    const active = await this.session(document);
    const last = active.session.items.length - 1;
    return this.view(document, active, Math.max(0, Math.min(last, position)));
  }

  async decide(document: DatasetDocument, input: DecisionInput & { position: number }): Promise<ReviewView> {
    const active = await this.session(document);
    const { session } = active;
    if (!Number.isInteger(input.position) || input.position < 0 || input.position >= session.items.length)
      throw new RpcError('not-found', `no sampled record at ${input.position}`);
    session.decide(input.position, input, new Date());
    await this.save(active);
    const next = session.nextUndecided(input.position + 1);
    return this.view(document, active, next >= 0 ? next : input.position);
  }

  /** Writes the accepted records (not stale) to a file the user picks, asking first when that leaves out most of the dataset. */
  async exportAccepted(document: DatasetDocument): Promise<{ written?: string; kept: number }> {
    const active = await this.session(document);
    const accepted = new Set(active.session.rowsDecided('accept'));
    const total = document.index.count;
    const drop = new Set<number>();
    for (let row = 0; row < total; row++) if (!accepted.has(row)) drop.add(row);
    const maxShare = readSettings(document.uri)['dataset.clean.maxDropShare'];
    if (accepted.size === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No record is accepted yet.'));
      return { kept: 0 };
    }
    if (destructiveDrop(total, drop.size, new Map(), maxShare)) {
      const anyway = vscode.l10n.t('Export Anyway');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Export only the {0} accepted records of {1}?', accepted.size, total),
        { modal: true, detail: vscode.l10n.t('The other {0} records (not sampled, rejected, skipped or not decided yet) are left out.', drop.size) },
        anyway,
      );
      if (answer !== anyway) return { kept: accepted.size };
    }
    const extension = document.fileName.match(/\.[^.]+$/)?.[0] ?? '.jsonl';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(document.uri, '..', document.fileName.replace(/(\.[^.]+)?$/, `.accepted${extension}`)),
      title: vscode.l10n.t('Export accepted records'),
      filters: { [vscode.l10n.t('Datasets')]: ['jsonl', 'json'] },
    });
    if (!target) return { kept: accepted.size };
    if (target.toString() === document.uri.toString()) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The accepted records cannot replace their source: choose another file.'));
      return { kept: accepted.size };
    }
    const source = await document.openSource();
    try {
      const result = await writeCleanedDataset(source, document.uri.fsPath, target.fsPath, drop, { overwrite: true });
      void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0}: {1} accepted records.', target.fsPath, result.kept));
      return { written: target.fsPath, kept: result.kept };
    } finally {
      await source.close();
    }
  }

  /** The document's session: loaded once, and found again in the file after it changed on disk. */
  private async session(document: DatasetDocument): Promise<ActiveReview> {
    if (document.uri.scheme !== 'file') throw new RpcError('unsupported', 'only a dataset on disk can be reviewed');
    let pending = this.active.get(document);
    const current = pending && (await pending.catch(() => undefined));
    if (current && current.generation === document.indexStatus.generation) return current;
    pending = this.load(document, current);
    this.active.set(document, pending);
    pending.catch(() => this.active.delete(document));
    return pending;
  }

  private async load(document: DatasetDocument, previous: ActiveReview | undefined): Promise<ActiveReview> {
    await document.whenIndexed();
    const generation = document.indexStatus.generation;
    const source = await document.openSource();
    let hashes: string[];
    try {
      hashes = await recordHashes(source);
    } finally {
      await source.close();
    }
    if (previous) {
      await previous.saving;
      return { ...previous, session: ReviewSession.resume(previous.session.toFile(), hashes), generation };
    }
    const reviewer = reviewerName(document.uri);
    const path = reviewFilePath(document.uri.fsPath, reviewer);
    const file = await readReviewFile(path);
    if (file) {
      this.logger.info(`resuming the review ${path}`);
      return { session: ReviewSession.resume(file, hashes), path, generation, saving: Promise.resolve() };
    }
    const share = readSettings(document.uri)['review.sampleShare'];
    const session = ReviewSession.begin(document.fileName, reviewer, hashes, share, newSeed(), new Date());
    const active: ActiveReview = { session, path, generation, saving: Promise.resolve() };
    await this.save(active);
    this.logger.info(`started the review ${path}: ${session.items.length} of ${hashes.length} records, seed ${session.seed}`);
    return active;
  }

  private save(active: ActiveReview): Promise<void> {
    const file = active.session.toFile();
    active.saving = active.saving.catch(() => undefined).then(() => writeReviewFile(active.path, file));
    return active.saving;
  }

  private async view(document: DatasetDocument, active: ActiveReview, position: number): Promise<ReviewView> {
    const { session } = active;
    const resolved = session.items[position];
    const row = resolved?.row ?? -1;
    const detail = row >= 0 ? await readRecordDetail(document.reader, document.index, row, document.info) : undefined;
    const progress = session.progress();
    const rejectedRows = session.rowsDecided('reject');
    return {
      reviewer: session.reviewer,
      fileName: basename(active.path),
      position,
      ...progress,
      row,
      record: detail && { ...detail, findings: detailFindings(document.findingsOf(row)) },
      decision: resolved?.item.decision,
      note: resolved?.item.note,
      score: resolved?.item.score,
      staleDecision: session.isStale(position),
      done: session.nextUndecided(0) < 0,
      rejectedFindings: findingsOfRejected(rejectedRows, (r) => document.findingsOf(r)).map(([code, records]) => ({ code, records })),
      rejectedNotes: session.items.filter((r) => r.item.decision === 'reject' && r.item.note).map((r) => ({ row: r.row, note: r.item.note as string })),
    };
  }
}
