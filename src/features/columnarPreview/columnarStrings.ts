import * as vscode from 'vscode';
import type { ColumnarStrings } from '../../shared/protocol/columnarPreview';

/** The previewer's UI strings in the user's language, injected into the page's bootstrap data. */
export function columnarStrings(): ColumnarStrings {
  return {
    schema: vscode.l10n.t('Schema'),
    column: vscode.l10n.t('Column'),
    type: vscode.l10n.t('Type'),
    nullable: vscode.l10n.t('Nullable'),
    yes: vscode.l10n.t('yes'),
    no: vscode.l10n.t('no'),
    rowCount: vscode.l10n.t('{0} rows'),
    row: vscode.l10n.t('Row'),
    previous: vscode.l10n.t('Previous'),
    next: vscode.l10n.t('Next'),
    goToRow: vscode.l10n.t('Go to row'),
    go: vscode.l10n.t('Go'),
    reading: vscode.l10n.t('Reading rows…'),
    readingSequential: vscode.l10n.t('Reading rows in order from the start of the file (this format has no index)…'),
    findings: vscode.l10n.t('Findings'),
    checking: vscode.l10n.t('Checking the whole file…'),
    where: vscode.l10n.t('Where'),
    severity: vscode.l10n.t('Severity'),
    code: vscode.l10n.t('Code'),
    message: vscode.l10n.t('Message'),
    none: vscode.l10n.t('No findings.'),
    shown: vscode.l10n.t('The {0} most severe of {1} findings are listed; tunelab check lists them all.'),
    rowsOf: vscode.l10n.t('Rows {0} to {1} of {2}'),
    rowsOfUnknown: vscode.l10n.t('Rows {0} to {1} (row count known once the file is read to its end)'),
    unreadable: vscode.l10n.t('Could not be read:'),
    failed: vscode.l10n.t('The check failed: {0}'),
  };
}
