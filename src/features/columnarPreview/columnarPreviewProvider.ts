import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import type { Severity } from '../../shared/findings';
import type { LexiconTerm } from '../../core/text/termMatcher';
import { loadLexicon } from '../../core/dataset/datasetFile';
import type { Logger } from '../../core/logger';
import { buildColumnarPage } from '../../core/webview/columnarPage';
import { analysisInputs } from '../../platform/datasetEngine/analysisInputs';
import { columnarModule } from './columnarModule';

export const COLUMNAR_PREVIEW_VIEW_TYPE = 'tunelab.columnarPreview';

/** The page lists the most severe findings first, at most this many; the Problems panel has them all up to the same cap. */
const MAX_LISTED = 2000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Parquet and Arrow files (binary) open read-only: the file is checked by the same engine as
 * the CLI (its JSON Lines view), the page shows the schema and the findings, and the Problems
 * panel lists them with their row and column. The file is only ever read.
 */
export class ColumnarPreviewProvider implements vscode.CustomReadonlyEditorProvider {
  private readonly reports = new Map<string, Promise<ColumnarReport>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly logger: Logger,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return {
      uri,
      dispose: () => {
        this.reports.delete(uri.toString());
        this.diagnostics.delete(uri);
      },
    };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    panel.webview.html = `<!DOCTYPE html><html><body><p>${vscode.l10n.t('Checking {0}…', escape(basename(document.uri)))}</p></body></html>`;
    try {
      const report = await this.report(document.uri);
      if (disposed) return;
      panel.webview.html = this.page(document.uri, report, panel.webview.cspSource);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`columnar preview of ${document.uri.fsPath}: ${message}`);
      if (disposed) return;
      panel.webview.html = `<!DOCTYPE html><html><body><p>${escape(vscode.l10n.t('{0} could not be checked: {1}', basename(document.uri), message))}</p></body></html>`;
    }
  }

  /** The report of `uri`, analysed once per open document; findings go to the Problems panel. */
  report(uri: vscode.Uri): Promise<ColumnarReport> {
    const key = uri.toString();
    let pending = this.reports.get(key);
    if (!pending) {
      pending = this.analyze(uri);
      this.reports.set(key, pending);
      pending.catch(() => this.reports.delete(key));
    }
    return pending;
  }

  private async analyze(uri: vscode.Uri): Promise<ColumnarReport> {
    const { options } = await analysisInputs(uri, this.logger);
    const terms: LexiconTerm[] = await loadLexicon(options, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
    const workerScript = vscode.Uri.joinPath(this.extensionUri, 'dist', 'workers', 'datasetAnalysis.js').fsPath;
    const report = await columnarModule(this.extensionUri.fsPath).analyzeColumnarFile(uri.fsPath, options, { terms, workerScript });
    const docs = vscode.Uri.joinPath(this.extensionUri, 'docs', 'dataset-findings.md');
    this.diagnostics.set(
      uri,
      report.findings.slice(0, MAX_LISTED).map((f) => {
        // A binary file has no lines: every diagnostic sits at the start, its row and column in the message.
        const where = location(f.cell);
        const d = new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          `${where ? `${where}: ` : ''}${vscode.l10n.t(f.message, ...f.args)}`,
          SEVERITY[f.severity],
        );
        d.source = 'TuneLab';
        d.code = { value: f.code, target: docs.with({ fragment: f.code }) };
        return d;
      }),
    );
    return report;
  }

  private page(uri: vscode.Uri, report: ColumnarReport, cspSource: string): string {
    const s = report.summary;
    const t = report.table;
    const ordered = [...report.findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.cell.row - b.cell.row).slice(0, MAX_LISTED);
    const details = t
      ? [
          vscode.l10n.t('{0} with {1} columns', t.format, t.columns.length),
          t.groups !== undefined ? vscode.l10n.t(t.format === 'parquet' ? '{0} row groups' : '{0} record batches', t.groups) : '',
          t.compression.length ? vscode.l10n.t('compression {0}', t.compression.join(', ')) : '',
        ]
          .filter(Boolean)
          .join('; ')
      : '';
    return buildColumnarPage({
      cspSource,
      nonce: randomBytes(16).toString('base64'),
      lang: vscode.env.language,
      title: basename(uri),
      summary: vscode.l10n.t(
        '{0} records ({1}), {2} flagged ({3})',
        s.records.toLocaleString(),
        s.format ?? '—',
        s.flaggedRecords.toLocaleString(),
        `${(s.flaggedShare * 100).toFixed(1)}%`,
      ),
      table: t,
      findings: ordered.map((f) => ({ severity: f.severity, code: f.code, where: location(f.cell), message: vscode.l10n.t(f.message, ...f.args) })),
      total: report.findings.length,
      strings: {
        schema: vscode.l10n.t('Schema'),
        details,
        column: vscode.l10n.t('Column'),
        type: vscode.l10n.t('Type'),
        nullable: vscode.l10n.t('Nullable'),
        yes: vscode.l10n.t('yes'),
        no: vscode.l10n.t('no'),
        findings: vscode.l10n.t('Findings'),
        where: vscode.l10n.t('Where'),
        severity: vscode.l10n.t('Severity'),
        code: vscode.l10n.t('Code'),
        message: vscode.l10n.t('Message'),
        none: vscode.l10n.t('No findings.'),
        shown: vscode.l10n.t('The {0} most severe of {1} findings are listed; tunelab check lists them all.', MAX_LISTED, report.findings.length),
      },
    });
  }
}

function location(cell: { row: number; column?: string }): string {
  if (cell.row <= 0) return '';
  return cell.column === undefined ? vscode.l10n.t('row {0}', cell.row) : vscode.l10n.t('row {0} column {1}', cell.row, cell.column);
}

function rank(severity: Severity): number {
  return { error: 0, warning: 1, info: 2, hint: 3 }[severity];
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
