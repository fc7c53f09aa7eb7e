import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DATASET_PREVIEW_VIEW_TYPE } from '../../shared/protocol/datasetPreview';
import type { DiversifyOutcome } from '../../shared/protocol/datasetPreview';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { DatasetPreviewProvider } from './datasetPreviewProvider';
import type { DiversifyRequest, PreviewServices } from './joinedFindings';

export interface DatasetPreviewApi {
  describe: DatasetPreviewProvider['describe'];
  reveal: DatasetPreviewProvider['reveal'];
  /** *Diversify Dataset…* on `uri` (opened in the previewer first). */
  diversify(uri: vscode.Uri, request?: DiversifyRequest): Promise<DiversifyOutcome | undefined>;
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
  services: PreviewServices = {},
): { disposable: vscode.Disposable; api: DatasetPreviewApi } {
  const provider = new DatasetPreviewProvider(context.extensionUri, session, logger, services);
  const open = async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : activeDatasetUri();
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a JSON or JSON Lines dataset first.'));
      return undefined;
    }
    await vscode.commands.executeCommand('vscode.openWith', target, DATASET_PREVIEW_VIEW_TYPE);
    return target;
  };
  const diversify = async (uri?: vscode.Uri, request?: DiversifyRequest) => {
    const target = await open(uri);
    return target && provider.diversify(target, request);
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
    // The admit filter (docs/semantic.md): its outcome and clusters show in the previewer.
    vscode.commands.registerCommand('tunelab.diversifyDataset', (uri?: vscode.Uri, request?: DiversifyRequest) => diversify(uri, request)),
    // From the text editor back to the previewer, at the record under the cursor.
    vscode.commands.registerCommand('tunelab.revealInDatasetPreview', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const line = editor.selection.active.line;
      const uri = await open(editor.document.uri);
      return uri && provider.reveal(uri, line);
    }),
  );
  return {
    disposable,
    api: {
      describe: (uri, timeoutMs) => provider.describe(uri, timeoutMs),
      reveal: (uri, line) => provider.reveal(uri, line),
      diversify: async (uri, request) => (await diversify(uri, request)) ?? undefined,
    },
  };
}
