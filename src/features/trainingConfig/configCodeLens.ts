import * as vscode from 'vscode';
import { estimateMemory } from '../../core/config/facts/memoryEstimate';
import { targetGpu } from '../../core/config/facts/gpuTarget';
import { Disposable } from '../../platform/disposable';
import { readSettings } from '../../platform/settings';
import type { ConfigChecks } from './configChecks';
import { memorySummary } from './memoryText';

/** The GPU-memory estimate above a training config, with the hardware plans it fits; a click shows the breakdown. */
export class ConfigCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly checks: ConfigChecks) {
    super();
    this.register(checks.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const settings = readSettings(document.uri);
    if (!settings['config.codeLens.enabled']) return [];
    const check = this.checks.checkFor(document);
    if (!check?.facts) return [];
    const target = targetGpu(settings);
    const estimate = estimateMemory(check.facts, target ? [target] : []);
    const anchor = check.document.root?.entries?.find((e) => e.key === check.facts?.policy?.key) ?? check.document.root?.entries?.[0];
    const line = anchor?.keyRange.start.line ?? 0;
    const range = new vscode.Range(line, 0, line, 0);
    const lenses = [
      new vscode.CodeLens(range, { title: `$(checklist) ${vscode.l10n.t('Pre-flight Check')}`, command: 'tunelab.preflight.run', arguments: [document.uri] }),
    ];
    if (estimate)
      lenses.push(
        new vscode.CodeLens(range, { title: `$(server) ${memorySummary(estimate)}`, command: 'tunelab.config.showMemoryEstimate', arguments: [document.uri] }),
      );
    return lenses;
  }
}
