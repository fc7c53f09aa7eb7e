import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/dataset/analysis/datasetReport';
import { EmbeddingsCancelledError, EmbeddingsError } from '../../core/embeddings/embeddingsClient';
import type { Logger } from '../../core/logger';
import { scopedLogger } from '../../core/logger';
import type { Finding } from '../../shared/findings';
import { readSettings } from '../../platform/settings';
import type { DiversifyOutcome } from '../../shared/protocol/datasetPreview';
import type { DiversifyOptions } from './diversifyDataset';
import { diversifyDataset } from './diversifyDataset';
import { runSemanticPass } from './semanticPass';

/** The key's name in VS Code's SecretStorage (never in settings, never logged). */
export const API_KEY_SECRET = 'tunelab.embeddings.apiKey';

/** What the semantic feature needs of the dataset diagnostics (passed by the composition root). */
export interface DiagnosticsPort {
  analyze(document: vscode.TextDocument): Promise<unknown>;
  current(uri: vscode.Uri): { version: number; report: DatasetReport } | undefined;
  addFindings(uri: vscode.Uri, version: number, findings: readonly Finding[]): boolean;
  readonly onDidAnalyze: vscode.Event<{ uri: vscode.Uri; joined: boolean }>;
}

export interface SemanticOutcome {
  findings: number;
  records: number;
  sent: number;
  cached: number;
  indexKind: string;
}

export interface SemanticApi {
  /** Runs *Find Semantic Duplicates* on `uri` (default: the active editor); undefined when nothing ran or it failed. */
  findDuplicates(uri?: vscode.Uri): Promise<SemanticOutcome | undefined>;
  /** *Diversify Dataset…*: the admit filter on a file, its admitted records written where the user says; undefined when nothing ran. */
  diversify(uri: vscode.Uri, options?: DiversifyOptions): Promise<DiversifyOutcome | undefined>;
  /** The texts of the messages this feature showed, oldest first (integration tests read them). */
  messages(): readonly string[];
}

export function registerSemantic(
  context: vscode.ExtensionContext,
  baseLogger: Logger,
  diagnostics: DiagnosticsPort,
): { disposable: vscode.Disposable; api: SemanticApi } {
  const logger = scopedLogger(baseLogger, 'semantic');
  const shown: string[] = [];
  const running = new Map<string, vscode.CancellationTokenSource>();
  const show = (kind: 'info' | 'error', text: string, ...items: string[]): Thenable<string | undefined> => {
    shown.push(text);
    return kind === 'error' ? vscode.window.showErrorMessage(text, ...items) : vscode.window.showInformationMessage(text, ...items);
  };

  /** Whether an endpoint is named; when not and `interactive`, says so (nothing is sent until it is). */
  const configured = (settings: ReturnType<typeof readSettings>, interactive: boolean): boolean => {
    if (settings['embeddings.url'].trim() && settings['embeddings.model'].trim()) return true;
    if (!interactive) return false;
    const open = vscode.l10n.t('Open Settings');
    // Not awaited: the message stays until dismissed, the command returns now.
    void show(
      'info',
      vscode.l10n.t(
        'Name your embeddings endpoint first: the settings tunelab.embeddings.url and tunelab.embeddings.model. Nothing is sent until they are set.',
      ),
      open,
    ).then((choice) => choice === open && vscode.commands.executeCommand('workbench.action.openSettings', 'tunelab.embeddings'));
    return false;
  };

  /** `interactive`: run by the command (it says when nothing can run); else after a check, when the setting asks. */
  const run = async (document: vscode.TextDocument, interactive: boolean): Promise<SemanticOutcome | undefined> => {
    const settings = readSettings(document.uri);
    if (!configured(settings, interactive)) return undefined;
    let current = diagnostics.current(document.uri);
    if (!current || current.version !== document.version) {
      await diagnostics.analyze(document);
      current = diagnostics.current(document.uri);
    }
    if (!current) {
      if (interactive) void show('info', vscode.l10n.t('TuneLab does not check this file as a dataset, so it has no semantic duplicates to look for.'));
      return undefined;
    }
    const key = document.uri.toString();
    running.get(key)?.cancel();
    const cancellation = new vscode.CancellationTokenSource();
    running.set(key, cancellation);
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const version = current.version;
    const report = current.report;
    try {
      const apiKey = await context.secrets.get(API_KEY_SECRET);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TuneLab: semantic duplicates in {0}', name), cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cancellation.cancel());
          return runSemanticPass({ document, report, settings, apiKey, cacheDir: context.globalStorageUri.fsPath, token: cancellation.token, progress });
        },
      );
      logger.info(
        `${document.uri.fsPath || key}: ${result.records} records, ${result.embedded} embedded (${result.cached} from the cache, ${result.sent} sent, ` +
          `${result.endpointMs} ms at the endpoint), ${result.findings.length} semantic duplicates; index: ${result.indexKind}`,
      );
      if (cancellation.token.isCancellationRequested || !diagnostics.addFindings(document.uri, version, result.findings)) return undefined;
      if (interactive)
        void show(
          'info',
          result.findings.length === 0
            ? vscode.l10n.t('No semantic duplicates in {0} ({1} records).', name, result.records)
            : vscode.l10n.t('{0} semantic duplicates in {1}: see the Problems panel.', result.findings.length, name),
        );
      return { findings: result.findings.length, records: result.records, sent: result.sent, cached: result.cached, indexKind: result.indexKind };
    } catch (error) {
      if (error instanceof EmbeddingsCancelledError || cancellation.token.isCancellationRequested) {
        logger.info(`${key}: the semantic pass was cancelled`);
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`${key}: the semantic pass failed: ${message}`);
      // The client's messages say what to change (the URL or model, a slow endpoint); for a refused
      // key its advice names the CLI's variables, so the editor names its own command instead.
      if (error instanceof EmbeddingsError && (error.status === 401 || error.status === 403)) {
        const setKey = vscode.l10n.t('Set API Key');
        const said = /The server said: (.*)$/s.exec(message)?.[1] ?? '';
        void show('error', refusedKey(error.status, said), setKey).then(
          (choice) => choice === setKey && vscode.commands.executeCommand('tunelab.semantic.setApiKey'),
        );
        return undefined;
      }
      void show(
        'error',
        error instanceof EmbeddingsError
          ? vscode.l10n.t('TuneLab could not get embeddings: {0}', message)
          : vscode.l10n.t('The semantic duplicate check failed: {0}', message),
      );
      return undefined;
    } finally {
      if (running.get(key) === cancellation) running.delete(key);
      cancellation.dispose();
    }
  };

  const findDuplicates = async (uri?: vscode.Uri): Promise<SemanticOutcome | undefined> => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void show('info', vscode.l10n.t('Open a dataset (JSON or JSON Lines) to look for semantic duplicates in it.'));
      return undefined;
    }
    return run(document, true);
  };

  const diversify = async (uri: vscode.Uri, options: DiversifyOptions = {}): Promise<DiversifyOutcome | undefined> => {
    const settings = readSettings(uri);
    if (!configured(settings, true)) return undefined;
    try {
      const apiKey = await context.secrets.get(API_KEY_SECRET);
      return await diversifyDataset({ uri, settings, apiKey, cacheDir: context.globalStorageUri.fsPath, options });
    } catch (error) {
      if (error instanceof EmbeddingsCancelledError) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`${uri.toString()}: diversify failed: ${message}`);
      void show(
        'error',
        error instanceof EmbeddingsError ? vscode.l10n.t('TuneLab could not get embeddings: {0}', message) : vscode.l10n.t('Diversify failed: {0}', message),
      );
      return undefined;
    }
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('tunelab.semantic.findDuplicates', (uri?: vscode.Uri) => findDuplicates(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('tunelab.semantic.setApiKey', async () => {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Embeddings API key'),
        prompt: vscode.l10n.t('Sent as "Authorization: Bearer …" to the endpoint in tunelab.embeddings.url; kept in VS Code\'s secret storage.'),
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return;
      if (value.trim()) await context.secrets.store(API_KEY_SECRET, value.trim());
      else await context.secrets.delete(API_KEY_SECRET);
      void show('info', value.trim() ? vscode.l10n.t('The embeddings API key is saved.') : vscode.l10n.t('The embeddings API key is cleared.'));
    }),
    vscode.commands.registerCommand('tunelab.semantic.clearApiKey', async () => {
      await context.secrets.delete(API_KEY_SECRET);
      void show('info', vscode.l10n.t('The embeddings API key is cleared.'));
    }),
    // Opt-in: after each check, when tunelab.embeddings.onCheck is on and an endpoint is named.
    diagnostics.onDidAnalyze((event) => {
      if (event.joined || !readSettings(event.uri)['embeddings.onCheck']) return;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === event.uri.toString());
      if (document) void run(document, false);
    }),
    { dispose: () => running.forEach((source) => source.cancel()) },
  );
  return { disposable, api: { findDuplicates, diversify, messages: () => [...shown] } };
}

/** The editor's message for a refused key (the client's names the CLI's variables); `said`: the server's own words. */
function refusedKey(status: number, said: string): string {
  const text = vscode.l10n.t(
    'The embeddings endpoint refused the API key (HTTP {0}): set the right key with TuneLab: Set Embeddings API Key. {1}',
    status,
    said,
  );
  return text.trim();
}
