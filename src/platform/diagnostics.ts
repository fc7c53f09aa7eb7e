import * as vscode from 'vscode';
import type { FindingShape, Range, RelatedRecord, Severity } from '../shared/findings';

/** The one map from a finding's severity to VS Code's. */
const DIAGNOSTIC_SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

/**
 * A finding (dataset or config) as a diagnostic: localised message, code linking to its
 * documentation, related records (a duplicate's twin) as related information.
 */
export function toDiagnostic(finding: FindingShape & { related?: RelatedRecord[] }, uri: vscode.Uri, docsUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), vscode.l10n.t(finding.message, ...finding.args), DIAGNOSTIC_SEVERITY[finding.severity]);
  diagnostic.source = 'TuneLab';
  diagnostic.code = { value: finding.code, target: docsUri.with({ fragment: finding.code }) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), vscode.l10n.t(r.message, ...r.args)),
    );
  }
  return diagnostic;
}

/** Identifies a published diagnostic when VS Code hands it back (code actions get copies, not the objects). */
export function diagnosticKey(diagnostic: vscode.Diagnostic): string {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const r = diagnostic.range;
  return `${String(code)}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${diagnostic.message}`;
}
