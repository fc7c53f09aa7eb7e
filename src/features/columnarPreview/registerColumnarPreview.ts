import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import { COLUMNAR_PREVIEW_VIEW_TYPE, ColumnarPreviewProvider } from './columnarPreviewProvider';

export interface ColumnarPreviewApi {
  /** The report of an open Parquet or Arrow file (for tests). */
  report(uri: vscode.Uri): Promise<ColumnarReport>;
}

/** Parquet and Arrow files open in a read-only page with their schema and findings; the findings also go to the Problems panel. */
export function registerColumnarPreview(context: vscode.ExtensionContext, logger: Logger): { disposable: vscode.Disposable; api: ColumnarPreviewApi } {
  const diagnostics = vscode.languages.createDiagnosticCollection('tunelab-columnar');
  const provider = new ColumnarPreviewProvider(context.extensionUri, diagnostics, logger);
  const disposable = vscode.Disposable.from(
    diagnostics,
    vscode.window.registerCustomEditorProvider(COLUMNAR_PREVIEW_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
  );
  return { disposable, api: { report: (uri) => provider.report(uri) } };
}
