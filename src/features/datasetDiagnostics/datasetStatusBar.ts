import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import type { FindingCode, Severity } from '../../shared/findings';
import { entriesByCode, mostSevereByCode, severityRank } from '../../shared/findings';
import { RULE_CATALOG } from '../../core/dataset/ruleCatalog';
import { Disposable } from '../../platform/disposable';
import type { DatasetDiagnostics } from './datasetDiagnostics';

/** The active dataset at a glance: records and flagged share; a click opens the previewer. */
export class DatasetStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('tunelab.dataset', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly diagnostics: DatasetDiagnostics) {
    super();
    this.item.name = vscode.l10n.t('TuneLab dataset');
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(diagnostics.onDidAnalyze(() => this.update()));
    this.update();
  }

  /** The text shown, for tests: undefined when hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  /** The tooltip's markdown, for tests: undefined when hidden. */
  get tooltip(): string | undefined {
    return this.visible && this.item.tooltip instanceof vscode.MarkdownString ? this.item.tooltip.value : undefined;
  }

  private visible = false;

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && this.diagnostics.analysisFor(editor.document.uri);
    if (!editor || !analysis) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const s = analysis.report.summary;
    const percent = (s.flaggedShare * 100).toFixed(1);
    this.item.text = `$(checklist) ${vscode.l10n.t('{0} records · {1}% flagged', s.records.toLocaleString(), percent)}`;
    const tooltip = new vscode.MarkdownString(
      [
        `**TuneLab** · ${s.format ?? '—'}`,
        vscode.l10n.t('{0} records, {1} flagged ({2}%)', s.records.toLocaleString(), s.flaggedRecords.toLocaleString(), percent),
        ...findingLines(analysis.report),
        '',
        vscode.l10n.t('Click to open the dataset preview.'),
      ].join('\n\n'),
    );
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.command = { command: 'tunelab.openDatasetPreview', title: vscode.l10n.t('Open Dataset Preview'), arguments: [editor.document.uri] };
    this.item.show();
    this.visible = true;
  }
}

const ICONS: Record<string, string> = { error: '$(error)', warning: '$(warning)', info: '$(info)', hint: '$(lightbulb)' };
const MAX_LINES = 8;
const severityCache = new WeakMap<DatasetReport, Map<FindingCode, Severity>>();

/** The most severe severity each code was reported with (computed once per analysis). */
function severities(report: DatasetReport): Map<FindingCode, Severity> {
  let map = severityCache.get(report);
  if (!map) {
    map = mostSevereByCode(report.findings);
    severityCache.set(report, map);
  }
  return map;
}

/** Records per finding, errors first (all of them), then the rest by count, with localised names. */
function findingLines(report: DatasetReport): string[] {
  const bySeverity = severities(report);
  const entries = entriesByCode(report.summary.recordsByCode).map(([code, n]) => ({
    code,
    n: n ?? 0,
    severity: bySeverity.get(code) ?? RULE_CATALOG[code]?.defaultSeverity ?? 'warning',
  }));
  entries.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.n - a.n);
  const errors = entries.filter((e) => e.severity === 'error').length;
  return entries.slice(0, Math.max(MAX_LINES, errors)).map((e) => {
    const title = RULE_CATALOG[e.code] ? vscode.l10n.t(RULE_CATALOG[e.code].title) : e.code;
    return `- ${ICONS[e.severity] ?? ''} ${title} (\`${e.code}\`): ${e.n.toLocaleString()}`;
  });
}
