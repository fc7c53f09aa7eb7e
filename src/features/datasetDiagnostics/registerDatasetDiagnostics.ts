import * as vscode from 'vscode';
import { analysisOptionsFrom } from '../../core/dataset/analysisOptions';
import { loadLexicon } from '../../core/dataset/datasetFile';
import type { DatasetReport } from '../../core/dataset/analysis/datasetReport';
import type { Finding, FindingCode } from '../../shared/findings';
import type { Logger } from '../../core/logger';
import { readSettings } from '../../platform/settings';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { DatasetCodeActionProvider, IGNORE_CODE_COMMAND } from './datasetCodeActions';
import { DatasetDiagnostics } from './datasetDiagnostics';
import { DatasetHoverProvider } from './datasetHover';
import { DatasetStatusBar } from './datasetStatusBar';
import { ignoreCodeInFile } from './ignoreCodeCommand';

export interface DatasetDiagnosticsApi {
  /** Analyses a document now and resolves when its diagnostics are published. */
  analyze(document: vscode.TextDocument): Promise<{ records: number; findings: number } | undefined>;
  /** The status bar text for the active editor (undefined when hidden). */
  statusBarText(): string | undefined;
  /** The status bar tooltip's markdown for the active editor. */
  statusBarTooltip(): string | undefined;
  /** Fires each time a document's findings are published (`joined`: only a later pass's findings were added). */
  readonly onDidAnalyze: vscode.Event<{ uri: vscode.Uri; records: number; joined: boolean }>;
  /** The published analysis's own report (before joined findings) and the document version it is of. */
  current(uri: vscode.Uri): { version: number; report: DatasetReport } | undefined;
  /** Joins a later pass's findings (the semantic pass) to the published ones; false when the document changed since `version`. */
  addFindings(uri: vscode.Uri, version: number, findings: readonly Finding[]): boolean;
  /** The published findings, those a later pass joined included (the previewer shows the semantic ones). */
  published(uri: vscode.Uri): { version: number; findings: readonly Finding[] } | undefined;
}

const DATASET_FILES: vscode.DocumentSelector = [
  { pattern: '**/*.{json,jsonl}' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'untitled', language: 'jsonl' },
];

/** `session` is the dataset engine, created by the composition root and shared with the previewer. */
export function registerDatasetDiagnostics(
  context: vscode.ExtensionContext,
  logger: Logger,
  session: AnalysisSession,
): { disposable: vscode.Disposable; api: DatasetDiagnosticsApi } {
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const loadTerms = async () => {
    try {
      session.setTerms(await loadLexicon(analysisOptionsFrom(readSettings()), folder()));
    } catch (error) {
      logger.error(`could not load a lexicon: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('TuneLab could not read a sensitive-term lexicon: {0}', error instanceof Error ? error.message : String(error)),
      );
    }
  };
  const ready = loadTerms();
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'dataset-findings.md');
  const diagnostics = new DatasetDiagnostics(session, docsUri, logger, loadTerms);
  const statusBar = new DatasetStatusBar(diagnostics);
  const disposable = vscode.Disposable.from(
    diagnostics,
    statusBar,
    vscode.languages.registerHoverProvider(DATASET_FILES, new DatasetHoverProvider(diagnostics)),
    vscode.languages.registerCodeActionsProvider(DATASET_FILES, new DatasetCodeActionProvider(diagnostics), {
      providedCodeActionKinds: DatasetCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand(IGNORE_CODE_COMMAND, (uri: vscode.Uri, code: FindingCode) => ignoreCodeInFile(uri, code)),
  );
  return {
    disposable,
    api: {
      analyze: async (document) => {
        await ready;
        const analysis = await diagnostics.analyzeNow(document);
        return analysis && { records: analysis.report.summary.records, findings: analysis.findings.length };
      },
      current: (uri) => {
        const analysis = diagnostics.analysisFor(uri);
        return analysis && { version: analysis.version, report: analysis.base };
      },
      addFindings: (uri, version, findings) => diagnostics.addFindings(uri, version, findings) !== undefined,
      published: (uri) => {
        const analysis = diagnostics.analysisFor(uri);
        return analysis && { version: analysis.version, findings: analysis.findings };
      },
      statusBarText: () => statusBar.text,
      statusBarTooltip: () => statusBar.tooltip,
      onDidAnalyze: (listener, thisArg, disposables) =>
        diagnostics.onDidAnalyze(
          (analysis) => {
            listener.call(thisArg, { uri: analysis.uri, records: analysis.report.summary.records, joined: analysis.joined });
          },
          undefined,
          disposables,
        ),
    },
  };
}
