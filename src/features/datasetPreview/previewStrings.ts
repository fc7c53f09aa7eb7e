import * as vscode from 'vscode';
import type { DatasetPreviewStrings } from '../../shared/protocol/datasetPreview';

/** The previewer's UI strings in the user's language, injected into the webview's HTML. */
export function previewStrings(): DatasetPreviewStrings {
  return {
    loading: vscode.l10n.t('Loading…'),
    indexing: vscode.l10n.t('Indexing… {0}%'),
    recordCount: vscode.l10n.t('{0} records'),
    fileSize: vscode.l10n.t('{0} bytes'),
    noRecords: vscode.l10n.t('This file has no records.'),
    rowHeader: vscode.l10n.t('#'),
    recordHeader: vscode.l10n.t('Record'),
    loadFailed: vscode.l10n.t('Could not read the file: {0}'),
  };
}
