import * as vscode from 'vscode';
import type { ConfigFinding } from '../core/config/configFindings';
import { toRange } from './diagnostics';

/**
 * Quick fixes from each finding's precomputed edits (set the recommended value, rename a key,
 * add a missing key, "did you mean" a dataset name): the core computes the edits, this only
 * applies them. Shared by the config and the pre-flight diagnostics.
 */
export class FindingCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: { findingsFor(uri: vscode.Uri): readonly ConfigFinding[] }) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.diagnostics.findingsFor(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'TuneLab') continue;
      const finding = findings.find((f) => matches(f, diagnostic));
      for (const fix of finding?.data.fixes ?? []) {
        const action = new vscode.CodeAction(vscode.l10n.t(fix.title, ...fix.args), vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(document.uri, toRange(e.range), e.newText);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    }
    return actions;
  }
}

function matches(finding: ConfigFinding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === finding.code && toRange(finding.range).isEqual(diagnostic.range) && diagnostic.message === vscode.l10n.t(finding.message, ...finding.args);
}
