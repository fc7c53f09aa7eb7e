// What the training-config integration suites share: TuneLab's diagnostics on a file, opening a
// workspace config, waiting for diagnostics, positions on a line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, waitFor, workspaceUri } from './helpers';

export function tuneLab(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'TuneLab');
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

export async function open(...path: string[]): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  await activateTuneLab();
  const document = await vscode.workspace.openTextDocument(workspaceUri(...path));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

export async function configDiagnostics(uri: vscode.Uri, atLeast: number, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const d = tuneLab(uri);
      return d.length >= atLeast ? d : undefined;
    },
    `${atLeast} TuneLab diagnostics on ${uri.path}`,
    timeoutMs,
  );
}

/** The position of `needle` in line `line`. */
export function at(document: vscode.TextDocument, line: number, needle: string): vscode.Position {
  const column = document.lineAt(line).text.indexOf(needle);
  assert.ok(column >= 0, `${needle} not on line ${line}`);
  return new vscode.Position(line, column);
}
