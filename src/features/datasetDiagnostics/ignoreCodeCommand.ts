import { dirname, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { FindingCode } from '../../shared/findings';
import { IGNORE_FILE_NAME, findIgnoreFile, withIgnoredCode } from '../../core/dataset/ignoreFile';

/**
 * Adds a finding code to the ignore list of a dataset file in `.tunelab-ignore.json` (the
 * nearest one above the file, else one at the root of its workspace folder). The change is a
 * WorkspaceEdit on that file, saved, so it can be undone like any edit.
 */
export async function ignoreCodeInFile(uri: vscode.Uri, code: FindingCode): Promise<void> {
  const existing = await findIgnoreFile(uri.fsPath).catch((error: unknown) => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read the ignore file: {0}', error instanceof Error ? error.message : String(error)));
    return null;
  });
  if (existing === null) return;
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
  const ignorePath = existing?.path ?? join(folder, IGNORE_FILE_NAME);
  const relativePath = existing?.relativePath ?? relative(dirname(ignorePath), uri.fsPath).split(sep).join('/');
  const text = withIgnoredCode(existing?.ignore, relativePath, code);
  const ignoreUri = vscode.Uri.file(ignorePath);
  const edit = new vscode.WorkspaceEdit();
  if (existing) {
    const document = await vscode.workspace.openTextDocument(ignoreUri);
    edit.replace(ignoreUri, new vscode.Range(0, 0, document.lineCount, 0), text);
  } else {
    edit.createFile(ignoreUri, { ignoreIfExists: true });
    edit.insert(ignoreUri, new vscode.Position(0, 0), text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not update {0}.', IGNORE_FILE_NAME));
    return;
  }
  await (await vscode.workspace.openTextDocument(ignoreUri)).save();
}
