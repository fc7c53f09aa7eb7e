import * as vscode from 'vscode';
import type { AnalysisProgress, DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import { overallFraction, stagePercent } from '../../core/dataset/analysis/analysisProgress';
import type { AnalysisStage } from '../../core/dataset/analysis/analysisProgress';
import type { SessionSource } from '../../core/dataset/analysis/sessionProtocol';
import { looksLikeDataset } from '../../core/dataset/detectDataset';
import { capFindings } from '../../core/dataset/findingCap';
import { withSemanticFindings } from '../../core/dataset/semantic/mergeFindings';
import type { Finding } from '../../shared/findings';
import type { Logger } from '../../core/logger';
import { scopedLogger } from '../../core/logger';
import { Disposable } from '../../platform/disposable';
import { onSettingsChanged, readSettings } from '../../platform/settings';
import { analysisInputs } from '../../platform/datasetEngine/analysisInputs';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { AnalysisCancelledError } from '../../platform/datasetEngine/analysisSession';
import { diagnosticKey, toDiagnostic } from '../../platform/diagnostics';

/** Files bigger than this get a progress notification (with a Cancel button) while analysed. */
const PROGRESS_BYTES = 8 << 20;
/** How much of a document is read to decide whether it is a dataset. */
const SNIFF_LINES = 200;

export interface DocumentAnalysis {
  uri: vscode.Uri;
  version: number;
  report: DatasetReport;
  /** Every finding (after ignores), also those beyond the display cap. */
  findings: readonly Finding[];
  byDiagnostic: Map<string, Finding>;
  /** The analysis's own report, before findings of a later pass (the semantic one) were joined. */
  base: DatasetReport;
  /** True when this publication only joined a later pass's findings (`addFindings`). */
  joined: boolean;
}

/**
 * Dataset diagnostics: for JSON / JSON Lines documents that hold datasets, the engine's
 * findings in the Problems panel at their exact ranges. Analysis runs in the session worker,
 * debounced while typing and cancelled when superseded by a newer edit.
 */
export class DatasetDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('tunelab'));
  private readonly analyses = new Map<string, DocumentAnalysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  private readonly analyzedEmitter = this.register(new vscode.EventEmitter<DocumentAnalysis>());
  /** Fires when a document's analysis is published. */
  readonly onDidAnalyze = this.analyzedEmitter.event;
  private readonly logger: Logger;

  constructor(
    private readonly session: AnalysisSession,
    private readonly docsUri: vscode.Uri,
    logger: Logger,
    private readonly loadTerms: () => Promise<void>,
  ) {
    super();
    this.logger = scopedLogger(logger, 'datasetDiagnostics');
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(onSettingsChanged(() => void this.loadTerms().then(() => this.reanalyzeAll())));
    const ignoreWatcher = this.register(vscode.workspace.createFileSystemWatcher('**/.tunelab-ignore.json'));
    for (const event of [ignoreWatcher.onDidChange, ignoreWatcher.onDidCreate, ignoreWatcher.onDidDelete]) this.register(event(() => this.reanalyzeAll()));
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  analysisFor(uri: vscode.Uri): DocumentAnalysis | undefined {
    return this.analyses.get(uri.toString());
  }

  /** The finding behind a diagnostic TuneLab published (quick fixes read its data; they never re-parse). */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.analyses.get(uri.toString())?.byDiagnostic.get(diagnosticKey(diagnostic));
  }

  /** Analyses `document` now (no debounce) and resolves when its diagnostics are published. */
  async analyzeNow(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    this.clearTimer(document.uri);
    return this.analyze(document);
  }

  /**
   * Joins a later pass's findings (the opt-in semantic pass) to the published analysis of `uri`,
   * replacing those of an earlier join, when the document is still at `version`. The next
   * analysis publishes its own report again (its caller re-runs the pass when asked to).
   */
  addFindings(uri: vscode.Uri, version: number, extra: readonly Finding[]): DocumentAnalysis | undefined {
    const current = this.analyses.get(uri.toString());
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!current || !document || document.isClosed || current.version !== version || document.version !== version) return undefined;
    const report = withSemanticFindings(current.base, extra);
    return this.publish(document, report, readSettings(uri)['dataset.diagnostics.maxFindings'], current.base);
  }

  reanalyzeAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const source of this.running.values()) source.cancel();
    super.dispose();
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    const key = document.uri.toString();
    this.clearTimer(document.uri);
    const wait = delay ?? readSettings(document.uri)['dataset.diagnostics.debounceMs'];
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(document);
      }, wait),
    );
  }

  private clearTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private isCandidate(document: vscode.TextDocument): boolean {
    if (document.isClosed || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) return false;
    const settings = readSettings(document.uri);
    if (!settings['dataset.diagnostics.enabled']) return false;
    const matches = (globs: readonly string[]) => globs.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
    // An unsaved, untitled document has no path for the globs: its language decides.
    const included = document.uri.scheme === 'untitled' ? ['json', 'jsonl'].includes(document.languageId) : matches(settings['dataset.diagnostics.include']);
    if (!included || matches(settings['dataset.diagnostics.exclude'])) return false;
    const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, SNIFF_LINES), 0));
    return looksLikeDataset(head);
  }

  private async analyze(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const key = document.uri.toString();
    this.running.get(key)?.cancel();
    if (!this.isCandidate(document)) {
      this.forget(document.uri);
      return undefined;
    }
    const cancellation = new vscode.CancellationTokenSource();
    this.running.set(key, cancellation);
    const version = document.version;
    const settings = readSettings(document.uri);
    const { options, info } = await analysisInputs(document.uri, this.logger);
    const isFile = document.uri.scheme === 'file';
    // A saved file is read from disk in the worker; unsaved text is sent as bytes.
    const source: SessionSource =
      isFile && !document.isDirty
        ? { kind: 'file', path: document.uri.fsPath }
        : { kind: 'bytes', name: document.uri.toString(), bytes: new TextEncoder().encode(document.getText()) };
    const size = source.kind === 'bytes' ? source.bytes.length : (await vscode.workspace.fs.stat(document.uri)).size;
    const started = Date.now();
    try {
      const run = (onProgress?: (progress: AnalysisProgress) => void) => this.session.analyze(source, options, info, cancellation.token, onProgress);
      const report = size >= PROGRESS_BYTES || document.lineCount > 100_000 ? await withProgress(document, cancellation, run) : await run();
      if (cancellation.token.isCancellationRequested || document.version !== version || document.isClosed) return undefined;
      const analysis = this.publish(document, report, settings['dataset.diagnostics.maxFindings']);
      this.logger.info(`${document.uri.fsPath}: ${report.summary.records} records, ${report.findings.length} findings in ${Date.now() - started} ms`);
      return analysis;
    } catch (error) {
      if (!(error instanceof AnalysisCancelledError))
        this.logger.error(`analysis of ${document.uri.toString()} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      if (this.running.get(key) === cancellation) this.running.delete(key);
      cancellation.dispose();
    }
  }

  private publish(document: vscode.TextDocument, report: DatasetReport, cap: number, base?: DatasetReport): DocumentAnalysis {
    const byDiagnostic = new Map<string, Finding>();
    const { shown, hidden } = capFindings(report.findings, cap);
    const diagnostics: vscode.Diagnostic[] = [];
    if (hidden > 0) {
      const summary = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 1),
        vscode.l10n.t(
          'TuneLab shows {0} of {1} findings in this file. Open the dataset preview to filter and browse all of them.',
          shown.length,
          report.findings.length,
        ),
        vscode.DiagnosticSeverity.Information,
      );
      summary.source = 'TuneLab';
      summary.code = 'findings-capped';
      diagnostics.push(summary);
    }
    for (const finding of shown) {
      const diagnostic = toDiagnostic(finding, document.uri, this.docsUri);
      byDiagnostic.set(diagnosticKey(diagnostic), finding);
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
    const analysis: DocumentAnalysis = {
      uri: document.uri,
      version: document.version,
      report,
      findings: report.findings,
      byDiagnostic,
      base: base ?? report,
      joined: base !== undefined,
    };
    this.analyses.set(document.uri.toString(), analysis);
    this.analyzedEmitter.fire(analysis);
    return analysis;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.clearTimer(uri);
    this.running.get(key)?.cancel();
    this.collection.delete(uri);
    this.analyses.delete(key);
  }
}

function withProgress<T>(
  document: vscode.TextDocument,
  cancellation: vscode.CancellationTokenSource,
  run: (onProgress: (progress: AnalysisProgress) => void) => Promise<T>,
): Thenable<T> {
  const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TuneLab: checking {0}', name), cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => cancellation.cancel());
      let reported = 0;
      let message = '';
      return run((p) => {
        // The bar shows the whole analysis; the message names the stage and how far it is.
        const overall = Math.floor(overallFraction(p) * 100);
        const next = vscode.l10n.t('{0}: {1}%', stageLabel(p.stage), stagePercent(p));
        if (overall > reported || next !== message) {
          progress.report({ increment: Math.max(0, overall - reported), message: next });
          reported = Math.max(reported, overall);
          message = next;
        }
      });
    },
  );
}

function stageLabel(stage: AnalysisStage): string {
  switch (stage) {
    case 'reading':
      return vscode.l10n.t('reading records');
    case 'duplicates':
      return vscode.l10n.t('exact duplicates');
    case 'near-duplicates':
      return vscode.l10n.t('near duplicates');
    case 'findings':
      return vscode.l10n.t('preparing findings');
  }
}
