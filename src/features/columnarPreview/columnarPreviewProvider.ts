import * as vscode from 'vscode';
import type { ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import type { ColumnarPager } from '../../core/dataset/columnar/columnarPager';
import type { Severity } from '../../shared/findings';
import type { LexiconTerm } from '../../core/text/termMatcher';
import { loadLexicon } from '../../core/dataset/datasetFile';
import type { Logger } from '../../core/logger';
import { orderFindings, pageRows } from '../../core/webview/columnarPage';
import type { ColumnarAnalysis, ColumnarHostSide, ColumnarOpened, ColumnarViewDescription, ColumnarWebviewSide } from '../../shared/protocol/columnarPreview';
import type { RpcEndpoint } from '../../shared/protocol/rpc';
import { analysisInputs } from '../../platform/datasetEngine/analysisInputs';
import { readSettings } from '../../platform/settings';
import { connectWebview } from '../../platform/webviewEndpoint';
import { renderWebviewHtml, webviewOptions } from '../../platform/webviewHtml';
import { columnarModule } from './columnarModule';
import { columnarStrings } from './columnarStrings';

export const COLUMNAR_PREVIEW_VIEW_TYPE = 'tunelab.columnarPreview';

/** The page lists the most severe findings first, at most this many; the Problems panel has them all up to the same cap. */
const MAX_LISTED = 2000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

type Endpoint = RpcEndpoint<ColumnarHostSide, ColumnarWebviewSide>;

/** One open file: its pager (opened on the page's first request, reads one at a time) and its findings per row. */
class ColumnarDocument implements vscode.CustomDocument {
  pager?: Promise<ColumnarPager>;
  /** Reads queue: a sequential pager keeps one cursor. */
  reading: Promise<unknown> = Promise.resolve();
  findingsByRow?: Map<number, number>;
  readonly endpoints = new Set<Endpoint>();
  /** Resolved once the first page is served (or could not be): the background check waits for it, so it never slows the first page. */
  readonly firstPage: Promise<void>;
  firstPageDone: () => void = () => undefined;

  constructor(
    readonly uri: vscode.Uri,
    private readonly onDispose: () => void,
  ) {
    this.firstPage = new Promise((resolve) => (this.firstPageDone = resolve));
    // A page that never asks (opened in the background) still gets its file checked.
    setTimeout(() => this.firstPageDone(), 3000).unref?.();
  }

  dispose(): void {
    this.onDispose();
    void this.pager?.then((p) => p.close()).catch(() => undefined);
  }
}

/**
 * Parquet, Arrow and CSV files open read-only in a paged table: the schema and row count come
 * from the footer at once, each page reads only the row group (or record batch) it falls in,
 * and the whole file is checked in the background by the same engine as the CLI; its findings
 * then appear on the page and in the Problems panel, with their row and column. The file is only ever read.
 */
export class ColumnarPreviewProvider implements vscode.CustomReadonlyEditorProvider<ColumnarDocument> {
  private readonly reports = new Map<string, Promise<ColumnarReport>>();
  private readonly documents = new Map<string, ColumnarDocument>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly logger: Logger,
  ) {}

  openCustomDocument(uri: vscode.Uri): ColumnarDocument {
    const key = uri.toString();
    const document = new ColumnarDocument(uri, () => {
      this.reports.delete(key);
      this.documents.delete(key);
      this.diagnostics.delete(uri);
    });
    this.documents.set(key, document);
    return document;
  }

  resolveCustomEditor(document: ColumnarDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    const { endpoint, disposable } = connectWebview<ColumnarHostSide, ColumnarWebviewSide>({
      webview: panel.webview,
      panel,
      logger: this.logger,
      requestHandlers: {
        ready: async () => {
          // The check's state follows the answer (a page shown again after being hidden asks again).
          void document.firstPage.then(() => this.sendAnalysis(document, endpoint));
          return this.opened(document);
        },
        getPage: ({ start, count, maxChars }, { signal }) => this.page(document, start, count, maxChars, signal),
      },
      notificationHandlers: {},
    });
    document.endpoints.add(endpoint);
    panel.onDidDispose(() => {
      document.endpoints.delete(endpoint);
      disposable.dispose();
    });
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      app: 'columnarPreview',
      title: basename(document.uri),
      bootstrap: { strings: columnarStrings() },
    });
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

  /** What the open pages of `uri` show (tests). */
  async describe(uri: vscode.Uri): Promise<ColumnarViewDescription[]> {
    const endpoints = [...(this.documents.get(uri.toString())?.endpoints ?? [])];
    return Promise.all(
      endpoints.map(async (e) => {
        await e.whenReady();
        return e.request('describeView', undefined, { timeoutMs: 20_000 });
      }),
    );
  }

  /** Shows the page holding the 1-based `row` in the open pages of `uri`. */
  async reveal(uri: vscode.Uri, row: number): Promise<boolean> {
    const endpoints = [...(this.documents.get(uri.toString())?.endpoints ?? [])];
    for (const e of endpoints) {
      await e.whenReady();
      e.notify('revealRow', { row });
    }
    return endpoints.length > 0;
  }

  private pagerOf(document: ColumnarDocument): Promise<ColumnarPager> {
    document.pager ??= columnarModule(this.extensionUri.fsPath).openPager(document.uri.fsPath);
    return document.pager;
  }

  private async opened(document: ColumnarDocument): Promise<ColumnarOpened> {
    const fileName = basename(document.uri);
    const pageSize = readSettings(document.uri)['preview.pageSize'];
    try {
      const { schema, access } = await this.pagerOf(document);
      const details = [
        schema.format,
        schema.groups !== undefined ? vscode.l10n.t(schema.format === 'parquet' ? '{0} row groups' : '{0} record batches', schema.groups) : '',
        schema.compression.length ? vscode.l10n.t('compression {0}', schema.compression.join(', ')) : '',
      ]
        .filter(Boolean)
        .join('; ');
      return { fileName, columns: schema.columns, details, rows: schema.rows, access, pageSize };
    } catch (error) {
      document.firstPageDone();
      return { fileName, error: this.reason(error), details: '', access: 'sequential', pageSize };
    }
  }

  private page(document: ColumnarDocument, start: number, count: number, maxChars: number, signal: AbortSignal) {
    const read = document.reading.then(async () => {
      const pager = await this.pagerOf(document);
      const page = await pager.read(Math.max(0, start), Math.min(Math.max(1, count), 5000), signal);
      const findings = document.findingsByRow;
      return {
        start: page.start,
        rows: pageRows(page.rows, pager.schema, Math.min(Math.max(16, maxChars), 2000), (row) => findings?.get(row) ?? 0),
        end: page.end,
        totalRows: pager.schema.rows,
        problems: page.problems.map((p) => vscode.l10n.t(p.message, ...p.args)),
      };
    });
    document.reading = read.catch(() => undefined);
    void document.reading.then(() => document.firstPageDone());
    return read;
  }

  private async sendAnalysis(document: ColumnarDocument, endpoint: Endpoint): Promise<void> {
    let state: ColumnarAnalysis;
    try {
      const report = await this.report(document.uri);
      const s = report.summary;
      state = {
        state: 'done',
        summary: vscode.l10n.t(
          '{0} records ({1}), {2} flagged ({3})',
          s.records.toLocaleString(),
          s.format ?? '—',
          s.flaggedRecords.toLocaleString(),
          `${(s.flaggedShare * 100).toFixed(1)}%`,
        ),
        findings: orderFindings(report.findings, MAX_LISTED).map((f) => ({
          severity: f.severity,
          code: f.code,
          row: f.cell.row,
          where: location(f.cell),
          message: vscode.l10n.t(f.message, ...f.args),
        })),
        total: report.findings.length,
      };
    } catch (error) {
      this.logger.error(`columnar preview of ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      state = { state: 'failed', error: this.reason(error) };
    }
    if (document.endpoints.has(endpoint)) endpoint.notify('analysis', state);
  }

  private reason(error: unknown): string {
    const Columnar = columnarModule(this.extensionUri.fsPath);
    if (error instanceof Columnar.ColumnarReadError) return vscode.l10n.t(error.template, ...error.args);
    return error instanceof Error ? error.message : String(error);
  }

  private async analyze(uri: vscode.Uri): Promise<ColumnarReport> {
    const { options } = await analysisInputs(uri, this.logger);
    const terms: LexiconTerm[] = await loadLexicon(options, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
    const workerScript = vscode.Uri.joinPath(this.extensionUri, 'dist', 'workers', 'datasetAnalysis.js').fsPath;
    const report = await columnarModule(this.extensionUri.fsPath).analyzeColumnarFile(uri.fsPath, options, { terms, workerScript });
    const byRow = new Map<number, number>();
    for (const f of report.findings) if (f.cell.row > 0) byRow.set(f.cell.row, (byRow.get(f.cell.row) ?? 0) + 1);
    const document = this.documents.get(uri.toString());
    if (document) document.findingsByRow = byRow;
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
}

function location(cell: { row: number; column?: string }): string {
  if (cell.row <= 0) return '';
  return cell.column === undefined ? vscode.l10n.t('row {0}', cell.row) : vscode.l10n.t('row {0} column {1}', cell.row, cell.column);
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
