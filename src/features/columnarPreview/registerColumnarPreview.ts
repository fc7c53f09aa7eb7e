import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import type { ColumnarViewDescription } from '../../shared/protocol/columnarPreview';
import { COLUMNAR_PREVIEW_VIEW_TYPE, ColumnarPreviewProvider } from './columnarPreviewProvider';

export interface ColumnarPreviewApi {
  /** The report of an open Parquet or Arrow file (for tests). */
  report(uri: vscode.Uri): Promise<ColumnarReport>;
  /** What the open pages of the file show: first row of the page, its rows, findings listed, the check's state. */
  describe(uri: vscode.Uri): Promise<ColumnarViewDescription[]>;
  /** Shows the page holding a 1-based row in the open pages of the file. */
  reveal(uri: vscode.Uri, row: number): Promise<boolean>;
}

/** Parquet and Arrow files open in a read-only paged table with their schema and findings; the findings also go to the Problems panel. */
export function registerColumnarPreview(context: vscode.ExtensionContext, logger: Logger): { disposable: vscode.Disposable; api: ColumnarPreviewApi } {
  const diagnostics = vscode.languages.createDiagnosticCollection('tunelab-columnar');
  const provider = new ColumnarPreviewProvider(context.extensionUri, diagnostics, logger);
  const disposable = vscode.Disposable.from(
    diagnostics,
    vscode.window.registerCustomEditorProvider(COLUMNAR_PREVIEW_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
  );
  return {
    disposable,
    api: { report: (uri) => provider.report(uri), describe: (uri) => provider.describe(uri), reveal: (uri, row) => provider.reveal(uri, row) },
  };
}
