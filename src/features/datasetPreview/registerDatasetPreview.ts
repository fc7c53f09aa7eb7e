import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DATASET_PREVIEW_VIEW_TYPE } from '../../shared/protocol/datasetPreview';
import { DatasetPreviewProvider } from './datasetPreviewProvider';

export interface DatasetPreviewApi {
  describe: DatasetPreviewProvider['describe'];
}

export function registerDatasetPreview(
  context: vscode.ExtensionContext,
  logger: Logger,
): { disposable: vscode.Disposable; api: DatasetPreviewApi } {
  const provider = new DatasetPreviewProvider(context.extensionUri, logger);
  const disposable = vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(DATASET_PREVIEW_VIEW_TYPE, provider, {
      // Pages are re-requested when the panel is shown again: no hidden webview kept alive.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('tunelab.openDatasetPreview', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a JSON or JSON Lines dataset first.'));
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, DATASET_PREVIEW_VIEW_TYPE);
    }),
  );
  return { disposable, api: { describe: (uri, timeoutMs) => provider.describe(uri, timeoutMs) } };
}
