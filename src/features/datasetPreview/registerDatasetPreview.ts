import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DATASET_PREVIEW_VIEW_TYPE } from '../../shared/protocol/datasetPreview';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { DatasetPreviewProvider } from './datasetPreviewProvider';

export interface DatasetPreviewApi {
  describe: DatasetPreviewProvider['describe'];
  reveal: DatasetPreviewProvider['reveal'];
}

/** The dataset of the active editor: a text editor's document, or the file behind an open preview. */
function activeDatasetUri(): vscode.Uri | undefined {
  const text = vscode.window.activeTextEditor?.document.uri;
  if (text) return text;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === DATASET_PREVIEW_VIEW_TYPE ? input.uri : undefined;
}

export function registerDatasetPreview(
  context: vscode.ExtensionContext,
  logger: Logger,
  session: AnalysisSession,
): { disposable: vscode.Disposable; api: DatasetPreviewApi } {
  const provider = new DatasetPreviewProvider(context.extensionUri, session, logger);
  const open = async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : activeDatasetUri();
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a JSON or JSON Lines dataset first.'));
      return undefined;
    }
    await vscode.commands.executeCommand('vscode.openWith', target, DATASET_PREVIEW_VIEW_TYPE);
    return target;
  };
  const disposable = vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(DATASET_PREVIEW_VIEW_TYPE, provider, {
      // Pages are re-requested when the panel is shown again: no hidden webview kept alive.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('tunelab.openDatasetPreview', (uri?: vscode.Uri) => open(uri)),
    // From the command palette or the explorer: the previewer's export panel, on that dataset.
    vscode.commands.registerCommand('tunelab.exportCleanedDataset', async (uri?: vscode.Uri) => {
      const target = await open(uri);
      return target && provider.showExport(target);
    }),
    // Sampled review (docs/review.md): the previewer's review panel, started or resumed.
    vscode.commands.registerCommand('tunelab.startReview', async (uri?: vscode.Uri) => {
      const target = await open(uri);
      return target && provider.showReview(target);
    }),
    // From the text editor back to the previewer, at the record under the cursor.
    vscode.commands.registerCommand('tunelab.revealInDatasetPreview', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const line = editor.selection.active.line;
      const uri = await open(editor.document.uri);
      return uri && provider.reveal(uri, line);
    }),
  );
  return { disposable, api: { describe: (uri, timeoutMs) => provider.describe(uri, timeoutMs), reveal: (uri, line) => provider.reveal(uri, line) } };
}
