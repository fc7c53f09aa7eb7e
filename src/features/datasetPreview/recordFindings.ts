import * as vscode from 'vscode';
import { RULE_CATALOG } from '../../core/dataset/ruleCatalog';
import type { Finding } from '../../shared/findings';
import type { DetailFinding } from '../../shared/protocol/datasetPreview';

/** A record's findings as the record pane shows them: the message and the why, localised. */
export function detailFindings(findings: readonly Finding[]): DetailFinding[] {
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: vscode.l10n.t(f.message, ...f.args),
    why: vscode.l10n.t(RULE_CATALOG[f.code].why),
    ...(f.related?.length ? { twins: f.related.filter((r) => r.record > 0).map((r) => r.record - 1) } : {}),
  }));
}
