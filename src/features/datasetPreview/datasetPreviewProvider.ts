import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { scopedLogger } from '../../core/logger';
import { DATASET_PREVIEW_UI_STATE_VERSION } from '../../shared/protocol/datasetPreview';
import type { PreviewHostSide, PreviewWebviewSide, ViewDescription } from '../../shared/protocol/datasetPreview';
import type { RpcEndpoint } from '../../shared/protocol/rpc';
import { readSettings } from '../../platform/settings';
import { connectWebview } from '../../platform/webviewEndpoint';
import { renderWebviewHtml, webviewOptions } from '../../platform/webviewHtml';
import { DatasetDocument } from './datasetDocument';
import { previewStrings } from './previewStrings';

type PreviewEndpoint = RpcEndpoint<PreviewHostSide, PreviewWebviewSide>;

/**
 * "TuneLab Dataset Preview": a read-only custom editor. The host owns the file (index and
 * reads); the webview only asks for the pages it shows.
 */
export class DatasetPreviewProvider implements vscode.CustomReadonlyEditorProvider<DatasetDocument> {
  private readonly endpoints = new Map<string, Set<PreviewEndpoint>>();
  private readonly logger: Logger;

  constructor(
    private readonly extensionUri: vscode.Uri,
    logger: Logger,
  ) {
    this.logger = scopedLogger(logger, 'datasetPreview');
  }

  openCustomDocument(uri: vscode.Uri): DatasetDocument {
    const document = new DatasetDocument(uri, this.logger);
    void document.rebuild();
    return document;
  }

  resolveCustomEditor(document: DatasetDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    const { endpoint, disposable } = connectWebview<PreviewHostSide, PreviewWebviewSide>({
      webview: panel.webview,
      panel,
      logger: this.logger,
      requestHandlers: {
        ready: () => ({
          file: { fileName: document.fileName, fileSize: document.status.totalBytes },
          index: document.status,
          pageSize: readSettings(document.uri)['preview.pageSize'],
        }),
        getRows: ({ generation, start, count, maxChars }) => document.readRows(generation, start, count, maxChars),
      },
      notificationHandlers: {},
    });
    const key = document.uri.toString();
    const set = this.endpoints.get(key) ?? new Set();
    set.add(endpoint);
    this.endpoints.set(key, set);
    const statusSubscription = document.onDidChangeStatus((status) => endpoint.notify('indexStatus', status));
    panel.onDidDispose(() => {
      statusSubscription.dispose();
      disposable.dispose();
      set.delete(endpoint);
      if (set.size === 0) this.endpoints.delete(key);
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
}
