import * as vscode from 'vscode';
import type { Finding } from '../../shared/findings';
import { RULE_CATALOG, RULE_SETTINGS } from '../../core/dataset/ruleCatalog';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { toRange } from '../../platform/diagnostics';

const TWIN_PREVIEW_CHARS = 160;

/**
 * Hovering a flagged record explains each finding: what was measured against which threshold
 * (and the setting that holds it), why it matters, and for duplicates the twin's first line.
 */
export class DatasetHoverProvider implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.diagnostics.analysisFor(document.uri);
    if (!analysis || analysis.version !== document.version) return undefined;
    // Findings whose range is under the cursor; failing that, those of the record under it.
    let hits = analysis.findings.filter((f) => toRange(f.range).contains(position));
    if (hits.length === 0) hits = analysis.findings.filter((f) => f.data.recordRange && toRange(f.data.recordRange).contains(position));
    if (hits.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    hits.slice(0, 8).forEach((finding, i) => {
      if (i > 0) markdown.appendMarkdown('\n\n---\n\n');
      describe(markdown, finding, document);
    });
    if (hits.length > 8) markdown.appendMarkdown(`\n\n${vscode.l10n.t('…and {0} more findings in this record.', hits.length - 8)}`);
    const range = hits.length === 1 ? toRange(hits[0].range) : undefined;
    return new vscode.Hover(markdown, range);
  }
}

function describe(markdown: vscode.MarkdownString, finding: Finding, document: vscode.TextDocument): void {
  const rule = RULE_CATALOG[finding.code];
  markdown.appendMarkdown(`**TuneLab · ${vscode.l10n.t(rule.title)}** \`${finding.code}\` · ${finding.severity}`);
  if (finding.record > 0) markdown.appendMarkdown(` · ${vscode.l10n.t('record {0}', finding.record)}`);
  markdown.appendMarkdown('\n\n');
  markdown.appendText(vscode.l10n.t(finding.message, ...finding.args));
  const { measured, threshold } = finding.data;
  if (measured !== undefined && threshold !== undefined) {
    const settings = (RULE_SETTINGS[finding.code] ?? []).map((s) => `\`tunelab.${s}\``).join(', ');
    markdown.appendMarkdown(`\n\n${vscode.l10n.t('Measured {0}; threshold {1}', String(measured), String(threshold))}${settings ? ` (${settings})` : ''}.`);
  }
  markdown.appendMarkdown(`\n\n_${vscode.l10n.t('Why it matters:')}_ `);
  markdown.appendText(vscode.l10n.t(rule.why));
  const twin = finding.related?.[0];
  if (twin && (finding.code === 'exact-duplicate' || finding.code === 'near-duplicate') && twin.range.start.line < document.lineCount) {
    const line = twinFirstLine(document, twin.range.start.line, twin.range.start.column);
    const preview = line.length > TWIN_PREVIEW_CHARS ? `${line.slice(0, TWIN_PREVIEW_CHARS)}…` : line;
    markdown.appendMarkdown(`\n\n${vscode.l10n.t('Twin: record {0}, line {1}:', twin.record, twin.range.start.line + 1)}\n`);
    markdown.appendCodeblock(preview, 'json');
  }
}

/** Lines of a pretty-printed record looked at for its first meaningful line. */
const TWIN_SCAN_LINES = 20;

/**
 * The twin's first line that says something: in a pretty-printed array the record's own line is
 * only `{`, so the first line with a letter or digit (a key and its value) stands for it.
 */
export function twinFirstLine(document: vscode.TextDocument, line: number, column: number): string {
  const first = document.lineAt(line).text.slice(column).trim();
  if (/[\p{L}\p{N}]/u.test(first)) return first;
  for (let l = line + 1; l < Math.min(document.lineCount, line + TWIN_SCAN_LINES); l++) {
    const text = document.lineAt(l).text.trim();
    if (/[\p{L}\p{N}]/u.test(text)) return text;
  }
  return first;
}
