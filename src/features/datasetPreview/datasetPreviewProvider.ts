import * as vscode from 'vscode';
import { DEFAULT_DROP_CODES, destructiveDrop, recordsToDrop, writeCleanedDataset } from '../../core/dataset/clean/cleanDataset';
import type { FindingCode } from '../../shared/findings';
import type { Logger } from '../../core/logger';
import { scopedLogger } from '../../core/logger';
import { readRows } from '../../core/dataset/preview/pageReader';
import { COLUMN_SETS } from '../../core/dataset/preview/previewColumns';
import { readRecordDetail } from '../../core/dataset/preview/recordDetail';
import { searchRecords } from '../../core/dataset/preview/searchRecords';
import { DATASET_PREVIEW_UI_STATE_VERSION } from '../../shared/protocol/datasetPreview';
import type { DiversifyOutcome, PreviewHostSide, PreviewWebviewSide, ViewDescription } from '../../shared/protocol/datasetPreview';
import type { RequestHandlers, RpcEndpoint } from '../../shared/protocol/rpc';
import { RpcError } from '../../shared/protocol/rpc';
import { readSettings } from '../../platform/settings';
import { connectWebview } from '../../platform/webviewEndpoint';
import { renderWebviewHtml, webviewOptions } from '../../platform/webviewHtml';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { DatasetDocument } from './datasetDocument';
import type { DiversifyRequest, PreviewServices } from './joinedFindings';
import { previewStrings } from './previewStrings';
import { detailFindings } from './recordFindings';
import { ReviewController } from './reviewController';

type PreviewEndpoint = RpcEndpoint<PreviewHostSide, PreviewWebviewSide>;

/**
 * "TuneLab Dataset Preview": a read-only custom editor. The host owns the file (index, reads,
 * analysis, views, search, export); the webview asks for the pages it shows.
 */
export class DatasetPreviewProvider implements vscode.CustomReadonlyEditorProvider<DatasetDocument> {
  private readonly endpoints = new Map<string, Set<PreviewEndpoint>>();
  private readonly documents = new Map<string, DatasetDocument>();
  private readonly logger: Logger;
  private readonly review: ReviewController;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: AnalysisSession,
    logger: Logger,
    private readonly services: PreviewServices = {},
  ) {
    this.logger = scopedLogger(logger, 'datasetPreview');
    this.review = new ReviewController(this.logger);
  }

  openCustomDocument(uri: vscode.Uri): DatasetDocument {
    const document = new DatasetDocument(uri, this.session, this.logger, this.services.joined);
    this.documents.set(uri.toString(), document);
    document.rebuild();
    return document;
  }

  resolveCustomEditor(document: DatasetDocument, panel: vscode.WebviewPanel): void {
    // Its own tab title and icon: the preview is told apart from the file's text editor.
    panel.title = vscode.l10n.t('Preview: {0}', document.fileName);
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'dataset-preview-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'dataset-preview-dark.svg'),
    };
    panel.webview.options = webviewOptions(this.extensionUri);
    const { endpoint, disposable } = connectWebview<PreviewHostSide, PreviewWebviewSide>({
      webview: panel.webview,
      panel,
      logger: this.logger,
      requestHandlers: this.handlers(document),
      notificationHandlers: {},
    });
    const key = document.uri.toString();
    const set = this.endpoints.get(key) ?? new Set();
    set.add(endpoint);
    this.endpoints.set(key, set);
    const subscriptions = [
      document.onDidChangeIndex((status) => endpoint.notify('indexStatus', status)),
      document.onDidChangeAnalysis((status) => endpoint.notify('analysisStatus', status)),
    ];
    panel.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      disposable.dispose();
      set.delete(endpoint);
      if (set.size === 0) {
        this.endpoints.delete(key);
        this.documents.delete(key);
      }
    });
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      app: 'datasetPreview',
      title: document.fileName,
      bootstrap: { strings: previewStrings(), uiStateVersion: DATASET_PREVIEW_UI_STATE_VERSION },
    });
  }

  /** Asks every open previewer of `uri` what it shows, once its handshake is complete. */
  async describe(uri: vscode.Uri, timeoutMs = 20_000): Promise<ViewDescription[]> {
    const endpoints = [...(this.endpoints.get(uri.toString()) ?? [])];
    return Promise.all(
      endpoints.map(async (endpoint) => {
        await endpoint.whenReady();
        return endpoint.request('describeView', undefined, { timeoutMs });
      }),
    );
  }

  /** Opens the export panel in the open previewers of `uri`; false when none is open. */
  async showExport(uri: vscode.Uri): Promise<boolean> {
    const endpoints = [...(this.endpoints.get(uri.toString()) ?? [])];
    for (const endpoint of endpoints) {
      await endpoint.whenReady();
      endpoint.notify('showExport', {});
    }
    return endpoints.length > 0;
  }

  /** Opens the review panel in the open previewers of `uri` (they start or resume the review); false when none is open. */
  async showReview(uri: vscode.Uri): Promise<boolean> {
    const endpoints = [...(this.endpoints.get(uri.toString()) ?? [])];
    for (const endpoint of endpoints) {
      await endpoint.whenReady();
      endpoint.notify('showReview', {});
    }
    return endpoints.length > 0;
  }

  /** Runs the admit filter on `uri` and shows its outcome (counts, clusters) in the open previewers of it. */
  async diversify(uri: vscode.Uri, request?: DiversifyRequest): Promise<DiversifyOutcome | undefined> {
    const outcome = await this.services.diversify?.(uri, request);
    if (!outcome) return undefined;
    for (const endpoint of this.endpoints.get(uri.toString()) ?? []) {
      await endpoint.whenReady();
      endpoint.notify('diversified', outcome);
    }
    return outcome;
  }

  /** Selects the record that holds `line` (0-based) in the open previewers of `uri`. */
  async reveal(uri: vscode.Uri, line: number): Promise<number | undefined> {
    const document = this.documents.get(uri.toString());
    if (!document) return undefined;
    await document.whenIndexed();
    const row = document.index.rowAtLine(line);
    if (row < 0) return undefined;
    for (const endpoint of this.endpoints.get(uri.toString()) ?? []) {
      await endpoint.whenReady();
      endpoint.notify('revealRow', { row });
    }
    return row;
  }

  private handlers(document: DatasetDocument): RequestHandlers<PreviewHostSide> {
    return {
      ready: async () => {
        await Promise.race([document.whenFirstRecords(), new Promise((r) => setTimeout(r, 2000))]);
        return {
          file: { fileName: document.fileName, fileSize: document.indexStatus.totalBytes },
          index: document.indexStatus,
          analysis: document.analysisStatus,
          columns: COLUMN_SETS[document.columnSet].map((c) => ({ id: c.id, title: c.title })),
          pageSize: readSettings(document.uri)['preview.pageSize'],
        };
      },
      setView: ({ generation, filter, searchId }) => {
        document.checkGeneration(generation);
        return document.createView(filter, searchId);
      },
      getRows: async ({ generation, viewId, start, count, maxChars }) => {
        document.checkGeneration(generation);
        const rows = document.viewRows(viewId, start, count);
        const projected = await readRows(document.reader, document.index, rows, document.columnSet, maxChars, document.info);
        document.checkGeneration(generation);
        return {
          generation,
          viewId,
          start,
          rows: projected.map((r) => ({ ...r, findings: document.findingsOf(r.row).map((f) => ({ code: f.code, severity: f.severity })) })),
        };
      },
      positionOf: ({ viewId, row }) => document.positionInView(viewId, row),
      getRecord: async ({ generation, row }) => {
        document.checkGeneration(generation);
        const detail = await readRecordDetail(document.reader, document.index, row, document.info);
        if (!detail) throw new RpcError('not-found', `record ${row + 1} could not be read`);
        return { ...detail, findings: detailFindings(document.findingsOf(row)) };
      },
      search: async ({ generation, query, caseSensitive }, { signal }) => {
        document.checkGeneration(generation);
        await document.whenIndexed();
        const hits: number[] = [];
        const searchId = document.addSearch(hits);
        const endpoints = this.endpoints.get(document.uri.toString()) ?? new Set();
        const result = await searchRecords(document.reader, document.index, query, {
          caseSensitive,
          signal,
          onHits: (rows, progress) => {
            hits.push(...rows);
            for (const endpoint of endpoints) endpoint.notify('searchHits', { searchId, rows, scanned: progress.scanned, total: progress.total });
          },
        });
        return { searchId, hits: result.hits, complete: result.complete };
      },
      revealInEditor: async ({ row }) => {
        const record = document.index.record(row);
        const editor = await vscode.window.showTextDocument(document.uri, { preview: false, viewColumn: vscode.ViewColumn.Beside });
        const position = new vscode.Position(record.line, record.column);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      },
      exportPreview: ({ codes }) => {
        const report = document.analysisReport;
        if (!report) throw new RpcError('not-ready', 'the dataset is still being checked');
        const { drop, byCode } = recordsToDrop(report.findings, new Set(codes));
        return {
          total: report.summary.records,
          drops: drop.size,
          byCode: Object.fromEntries(byCode),
          maxDropShare: readSettings(document.uri)['dataset.clean.maxDropShare'],
        };
      },
      exportCleaned: ({ codes }) => this.exportCleaned(document, codes.length ? codes : [...DEFAULT_DROP_CODES]),
      reviewOpen: () => this.review.open(document),
      reviewMove: ({ position }) => this.review.move(document, position),
      reviewDecide: (decision) => this.review.decide(document, decision),
      reviewExport: () => this.review.exportAccepted(document),
      diversify: async () => {
        await this.diversify(document.uri);
      },
      showRows: ({ generation, rows }) => {
        document.checkGeneration(generation);
        return { searchId: document.addSearch(rows.filter((row) => row >= 0 && row < document.index.count).sort((a, b) => a - b)) };
      },
    };
  }

  private async exportCleaned(document: DatasetDocument, codes: FindingCode[]): Promise<{ written?: string; kept: number; dropped: number }> {
    const report = document.analysisReport;
    if (!report) throw new RpcError('not-ready', 'the dataset is still being checked');
    const { drop, byCode } = recordsToDrop(report.findings, new Set(codes));
    const destructive = destructiveDrop(report.summary.records, drop.size, byCode, readSettings(document.uri)['dataset.clean.maxDropShare']);
    if (destructive) {
      const anyway = vscode.l10n.t('Export Anyway');
      const top = destructive.topCodes.map(([code, n]) => `${code} ${n}`).join(', ');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The chosen findings drop {0} of {1} records ({2}%): {3}.',
          destructive.dropped,
          destructive.records,
          Math.round(destructive.share * 1000) / 10,
          top,
        ),
        { modal: true, detail: vscode.l10n.t('A format the checker misread can flag every record. Look at the findings before exporting.') },
        anyway,
      );
      if (answer !== anyway) return { kept: report.summary.records - drop.size, dropped: drop.size };
    }
    const extension = document.fileName.match(/\.[^.]+$/)?.[0] ?? '.jsonl';
    const suggested = vscode.Uri.joinPath(document.uri, '..', document.fileName.replace(/(\.[^.]+)?$/, `.clean${extension}`));
    const target = await vscode.window.showSaveDialog({
      defaultUri: suggested,
      title: vscode.l10n.t('Export cleaned dataset'),
      filters: { [vscode.l10n.t('Datasets')]: ['jsonl', 'json'] },
    });
    if (!target) return { kept: report.summary.records - drop.size, dropped: drop.size };
    if (target.toString() === document.uri.toString()) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The cleaned dataset cannot replace its source: choose another file.'));
      return { kept: report.summary.records - drop.size, dropped: drop.size };
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0}', target.path.slice(target.path.lastIndexOf('/') + 1)) },
      async () => {
        const source = await document.openSource();
        try {
          // The save dialog already asked about replacing an existing file.
          const result = await writeCleanedDataset(source, document.uri.fsPath, target.fsPath, drop, { overwrite: true });
          void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0}: kept {1} records, dropped {2}.', target.fsPath, result.kept, result.dropped));
          return { written: target.fsPath, kept: result.kept, dropped: result.dropped };
        } finally {
          await source.close();
        }
      },
    );
  }
}
