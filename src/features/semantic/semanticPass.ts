import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/dataset/analysis/datasetReport';
import type { ByteSource } from '../../core/dataset/reading/byteSource';
import { bytesSource, fileSource } from '../../core/dataset/reading/byteSource';
import { exactCopies } from '../../core/dataset/semantic/mergeFindings';
import type { SemanticPassResult } from '../../core/dataset/semantic/semanticDuplicates';
import { semanticDuplicateFindings } from '../../core/dataset/semantic/semanticDuplicates';
import { EmbeddingCache } from '../../core/embeddings/embeddingCache';
import { createEmbeddingsClient } from '../../core/embeddings/embeddingsClient';
import type { Settings } from '../../core/settings/settings';
import { configuredSeverity } from '../../shared/findings';

export interface PassInputs {
  document: vscode.TextDocument;
  report: DatasetReport;
  settings: Settings;
  apiKey: string | undefined;
  /** Where the vectors are cached (the extension's global storage). */
  cacheDir: string;
  token: vscode.CancellationToken;
  progress: vscode.Progress<{ message?: string; increment?: number }>;
}

/**
 * One semantic pass over a document, with staged progress (embedding n of m, then searching).
 * The caller has checked that an endpoint is configured: only then is anything sent.
 */
export async function runSemanticPass(inputs: PassInputs): Promise<SemanticPassResult> {
  const { document, settings } = inputs;
  const severity = configuredSeverity(settings['dataset.severity'], 'semantic-duplicate', 'info');
  const model = settings['embeddings.model'].trim();
  const client = createEmbeddingsClient({ url: settings['embeddings.url'].trim(), model, apiKey: inputs.apiKey || undefined });
  const cache = await EmbeddingCache.open(join(inputs.cacheDir, 'embeddings'), model);
  const abort = new AbortController();
  const subscription = inputs.token.onCancellationRequested(() => abort.abort());
  // A saved file is read from disk; unsaved text is read from the editor.
  const source: ByteSource =
    document.uri.scheme === 'file' && !document.isDirty
      ? await fileSource(document.uri.fsPath)
      : bytesSource(document.uri.toString(), new TextEncoder().encode(document.getText()));
  let reported = 0;
  try {
    inputs.progress.report({ message: vscode.l10n.t('reading records') });
    return await semanticDuplicateFindings(source, {
      client,
      cache,
      threshold: settings['dataset.semanticDuplicateThreshold'],
      severity,
      skip: exactCopies(inputs.report),
      signal: abort.signal,
      onProgress: (done, total) => {
        // The bar covers the embedding; the search after it is quick and shown as its own stage.
        const percent = total > 0 ? Math.floor((done / total) * 90) : 90;
        const message = done < total ? vscode.l10n.t('embedding {0} of {1}', done, total) : vscode.l10n.t('searching for similar records');
        inputs.progress.report({ message, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
      },
    });
  } finally {
    subscription.dispose();
    await source.close();
  }
}
