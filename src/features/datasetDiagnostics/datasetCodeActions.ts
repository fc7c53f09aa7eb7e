import * as vscode from 'vscode';
import { deletionRanges } from '../../core/dataset/edits/recordDeletion';
import type { Finding } from '../../shared/findings';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { toRange } from '../../platform/diagnostics';

export const IGNORE_CODE_COMMAND = 'tunelab.dataset.ignoreCodeInFile';

/**
 * Quick fixes for dataset findings, built from each finding's data (never by re-parsing):
 * delete this record; delete all later duplicates of its twin; delete every record with this
 * finding; ignore the rule for this file. Deletions are WorkspaceEdits, so undo works.
 */
export class DatasetCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const analysis = this.diagnostics.analysisFor(document.uri);
    if (!analysis || analysis.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    const offer = (action: vscode.CodeAction, key: string) => {
      if (offered.has(key)) return;
      offered.add(key);
      actions.push(action);
    };
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'TuneLab') continue;
      if (diagnostic.code === 'findings-capped') {
        const open = new vscode.CodeAction(vscode.l10n.t('Open the dataset preview'), vscode.CodeActionKind.QuickFix);
        open.command = { command: 'tunelab.openDatasetPreview', title: open.title, arguments: [document.uri] };
        offer(open, 'preview');
        continue;
      }
      const finding = this.diagnostics.findingFor(document.uri, diagnostic);
      if (!finding) continue;
      const duplicate = finding.code === 'exact-duplicate' || finding.code === 'near-duplicate';
      if (finding.record > 0) {
        const action = deletion(vscode.l10n.t('Delete record {0}', finding.record), document, [finding], diagnostic);
        action.isPreferred = duplicate;
        offer(action, `record:${finding.record}`);
      }
      if (duplicate && finding.data.twin) {
        const twin = finding.data.twin;
        const copies = analysis.findings.filter((f) => (f.code === 'exact-duplicate' || f.code === 'near-duplicate') && f.data.twin === twin);
        if (copies.length > 1)
          offer(deletion(vscode.l10n.t('Delete all {0} later duplicates of record {1}', copies.length, twin), document, copies, diagnostic), `twin:${twin}`);
      }
      const sameCode = analysis.findings.filter((f) => f.code === finding.code && f.record > 0);
      const records = new Set(sameCode.map((f) => f.record)).size;
      if (records > 1)
        offer(
          deletion(vscode.l10n.t('Delete all {0} records with {1} in this file', records, finding.code), document, sameCode, diagnostic),
          `code:${finding.code}`,
        );
      if (document.uri.scheme === 'file') {
        const ignore = new vscode.CodeAction(vscode.l10n.t('Ignore {0} in this file', finding.code), vscode.CodeActionKind.QuickFix);
        ignore.diagnostics = [diagnostic];
        ignore.command = { command: IGNORE_CODE_COMMAND, title: ignore.title, arguments: [document.uri, finding.code] };
        offer(ignore, `ignore:${finding.code}`);
      }
    }
    return actions;
  }
}

function deletion(title: string, document: vscode.TextDocument, findings: readonly Finding[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const edit = new vscode.WorkspaceEdit();
  for (const range of deletionRanges(findings)) edit.delete(document.uri, document.validateRange(toRange(range)));
  action.edit = edit;
  return action;
}
