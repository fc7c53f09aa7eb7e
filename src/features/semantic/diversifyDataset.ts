import { join } from 'node:path';
import * as vscode from 'vscode';
import { destructiveDrop, writeCleanedDataset } from '../../core/dataset/clean/cleanDataset';
import type { ByteSource } from '../../core/dataset/reading/byteSource';
import { fileSource } from '../../core/dataset/reading/byteSource';
import type { DiversifyResult } from '../../core/dataset/semantic/diversify';
import { diversify } from '../../core/dataset/semantic/diversify';
import { EmbeddingCache } from '../../core/embeddings/embeddingCache';
import { createEmbeddingsClient } from '../../core/embeddings/embeddingsClient';
import type { Settings } from '../../core/settings/settings';
import type { DiversifyOutcome } from '../../shared/protocol/datasetPreview';
import { diversifyClusters } from '../../core/dataset/semantic/diversifyClusters';

/** Given by a caller that already knows them (tests, scripts): then nothing is asked. */
export interface DiversifyOptions {
  against?: vscode.Uri[];
  output?: vscode.Uri;
}

export interface DiversifyInputs {
  uri: vscode.Uri;
  settings: Settings;
  apiKey: string | undefined;
  cacheDir: string;
  options: DiversifyOptions;
}

/**
 * The admit filter on one dataset file: asks for the training file to compare with, runs the
 * greedy admission with staged, cancellable progress, says how many it rejects and as twins of
 * what, asks first when most would go, and writes the admitted records through a save dialog,
 * atomically (clean's writer). The source is never modified. Undefined when the user stopped
 * before anything was computed; `written` absent when stopped before writing.
 */
export async function diversifyDataset(inputs: DiversifyInputs): Promise<DiversifyOutcome | undefined> {
  const { uri, settings, options } = inputs;
  const name = baseName(uri);
  const against = options.against ?? (await pickAgainst(uri));
  if (!against) return undefined;
  const threshold = settings['dataset.semanticDuplicateThreshold'];
  const model = settings['embeddings.model'].trim();
  const client = createEmbeddingsClient({ url: settings['embeddings.url'].trim(), model, apiKey: inputs.apiKey || undefined });
  const cache = await EmbeddingCache.open(join(inputs.cacheDir, 'embeddings'), model);
  const sources: ByteSource[] = [];
  try {
    const candidates = await fileSource(uri.fsPath);
    sources.push(candidates);
    for (const other of against) sources.push(await fileSource(other.fsPath));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TuneLab: diversifying {0}', name), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          progress.report({ message: vscode.l10n.t('reading records') });
          return await diversify({
            candidates,
            against: sources.slice(1),
            client,
            cache,
            threshold,
            signal: abort.signal,
            onProgress: (done, total) => {
              const percent = total > 0 ? Math.floor((done / total) * 90) : 90;
              const message = done < total ? vscode.l10n.t('embedding {0} of {1}', done, total) : vscode.l10n.t('admitting records');
              progress.report({ message, increment: Math.max(0, percent - reported) });
              reported = Math.max(reported, percent);
            },
          });
        } catch (error) {
          // Stopped by the user: whatever the reader or the client threw on the way out.
          if (abort.signal.aborted) return undefined;
          throw error;
        } finally {
          subscription.dispose();
        }
      },
    );
    if (!result) return undefined;
    const outcome = describeOutcome(result, against);
    const drop = new Set(result.rejections.map((r) => r.index));
    if (!(await confirmDrop(result, drop.size, settings['dataset.clean.maxDropShare'], threshold))) return outcome;
    const target = options.output ?? (await askTarget(uri, outcome, against));
    if (!target) return outcome;
    if (target.toString() === uri.toString() || against.some((a) => a.toString() === target.toString())) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The admitted records cannot replace an input file: choose another file.'));
      return outcome;
    }
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0}', baseName(target)) },
      // The save dialog already asked about replacing an existing file.
      () => writeCleanedDataset(candidates, uri.fsPath, target.fsPath, drop, { overwrite: true }),
    );
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Wrote {0}: admitted {1} of {2} records, rejected {3} as near-identical in meaning.',
        written.output,
        written.kept,
        result.records,
        written.dropped,
      ),
    );
    return { ...outcome, written: written.output };
  } finally {
    for (const source of sources) await source.close();
  }
}

/** This file alone, or also against a training file the user picks. */
async function pickAgainst(uri: vscode.Uri): Promise<vscode.Uri[] | undefined> {
  const alone = { label: vscode.l10n.t('Within this file only'), description: vscode.l10n.t('each record against the records kept before it') };
  const other = { label: vscode.l10n.t('Also against a training file…'), description: vscode.l10n.t('records too similar to its records are rejected too') };
  const choice = await vscode.window.showQuickPick([alone, other], { title: vscode.l10n.t('Diversify {0}', baseName(uri)) });
  if (!choice) return undefined;
  if (choice === alone) return [];
  const picked = await vscode.window.showOpenDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..'),
    canSelectMany: false,
    title: vscode.l10n.t('The training set the candidates are compared with'),
    filters: { [vscode.l10n.t('Datasets')]: ['jsonl', 'json'] },
  });
  return picked && picked.length ? picked : undefined;
}

/** Asks before writing when more than the clean setting's share would be rejected. */
async function confirmDrop(result: DiversifyResult, dropped: number, maxShare: number, threshold: number): Promise<boolean> {
  const destructive = destructiveDrop(result.records, dropped, new Map([['semantic-duplicate', dropped]]), maxShare);
  if (!destructive) return true;
  const anyway = vscode.l10n.t('Write Anyway');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'The filter rejects {0} of {1} records ({2}%) as at least {3} similar to a kept record.',
      destructive.dropped,
      destructive.records,
      Math.round(destructive.share * 1000) / 10,
      threshold,
    ),
    {
      modal: true,
      detail: vscode.l10n.t(
        'An embedding model that maps every text alike (a wrong model, a chat model) rejects everything: check the endpoint and model first.',
      ),
    },
    anyway,
  );
  return answer === anyway;
}

async function askTarget(uri: vscode.Uri, outcome: DiversifyOutcome, against: readonly vscode.Uri[]): Promise<vscode.Uri | undefined> {
  const fileName = baseName(uri);
  const extension = fileName.match(/\.[^.]+$/)?.[0] ?? '.jsonl';
  return vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..', fileName.replace(/(\.[^.]+)?$/, `.diverse${extension}`)),
    // The dialog's title says what is about to be written.
    title: rejectedText(outcome, against),
    filters: { [vscode.l10n.t('Datasets')]: ['jsonl', 'json'] },
  });
}

/** "Admit 3 of 4 records: 1 rejected as a twin of earlier records, 0 of train.jsonl". */
export function rejectedText(outcome: DiversifyOutcome, against: readonly vscode.Uri[]): string {
  return vscode.l10n.t(
    'Admit {0} of {1} records: {2} rejected as twins of earlier records, {3} as twins of {4}',
    outcome.admitted,
    outcome.records,
    outcome.fromCandidates,
    outcome.fromAgainst,
    against.length ? against.map(baseName).join(', ') : vscode.l10n.t('the training file'),
  );
}

function describeOutcome(result: DiversifyResult, against: readonly vscode.Uri[]): DiversifyOutcome {
  const fromAgainst = result.rejections.filter((r) => r.twinFile >= 0).length;
  return {
    records: result.records,
    admitted: result.admitted,
    rejected: result.rejections.length,
    fromAgainst,
    fromCandidates: result.rejections.length - fromAgainst,
    clusters: diversifyClusters(result.rejections, against.map(baseName)),
  };
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
