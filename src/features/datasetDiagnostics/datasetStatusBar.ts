import * as vscode from 'vscode';
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
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**TuneLab** · ${s.format ?? '—'}`,
        vscode.l10n.t('{0} records, {1} flagged ({2}%)', s.records.toLocaleString(), s.flaggedRecords.toLocaleString(), percent),
        ...Object.entries(s.recordsByCode)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([code, n]) => `- \`${code}\`: ${n}`),
        '',
        vscode.l10n.t('Click to open the dataset preview.'),
      ].join('\n\n'),
    );
    this.item.command = { command: 'tunelab.openDatasetPreview', title: vscode.l10n.t('Open Dataset Preview'), arguments: [editor.document.uri] };
    this.item.show();
    this.visible = true;
  }
}
