import * as vscode from 'vscode';
import type { ConfigFinding } from '../../core/config/configFindings';
import { estimateMemory } from '../../core/config/facts/memoryEstimate';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import { targetGpu } from '../../core/config/facts/gpuTarget';
import type { Logger } from '../../core/logger';
import { readSettings } from '../../platform/settings';
import { ConfigChecks } from './configChecks';
import { FindingCodeActionProvider } from '../../platform/findingCodeActions';
import { ConfigCodeLensProvider } from './configCodeLens';
import { ConfigCompletionProvider } from './configCompletionProvider';
import { ConfigDiagnostics } from './configDiagnostics';
import { ConfigHoverProvider } from './configHover';
import { chooseKind, ConfigStatusBar } from './configStatusBar';
import { MemoryView } from './memoryView';

/** Inspection hooks for the integration tests. */
export interface TrainingConfigApi {
  /** The kind and findings of an open document, as the core computed them. */
  describe(uri: vscode.Uri): { kind?: ConfigKind; other?: string; findings: readonly ConfigFinding[]; offThread: boolean } | undefined;
  statusBarText(): string | undefined;
  /** The status bar item's tooltip (how the kind was decided, or why there is none). */
  statusBarTooltip(): string | undefined;
}

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'json' }, { language: 'jsonc' }];

export function registerTrainingConfig(context: vscode.ExtensionContext, logger: Logger): { disposable: vscode.Disposable; api: TrainingConfigApi } {
  const checks = new ConfigChecks(context.workspaceState, vscode.Uri.joinPath(context.extensionUri, 'dist', 'workers', 'configCheck.js').fsPath, logger);
  const memoryView = MemoryView.register(context);
  const diagnostics = new ConfigDiagnostics(checks, vscode.Uri.joinPath(context.extensionUri, 'docs', 'config-findings.md'));
  const statusBar = new ConfigStatusBar(checks);
  const codeLens = new ConfigCodeLensProvider(checks);
  const disposables: vscode.Disposable[] = [
    checks,
    diagnostics,
    statusBar,
    codeLens,
    vscode.languages.registerHoverProvider(SELECTOR, new ConfigHoverProvider(checks)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new ConfigCompletionProvider(checks), ':', '"'),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FindingCodeActionProvider(diagnostics), {
      providedCodeActionKinds: FindingCodeActionProvider.kinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.commands.registerCommand('tunelab.config.chooseKind', (uri?: vscode.Uri) => chooseKind(checks, uri)),
    vscode.commands.registerCommand('tunelab.config.showMemoryEstimate', (uri?: vscode.Uri) => showMemoryEstimate(checks, memoryView, uri)),
  ];
  logger.info('training-config checks registered');
  return {
    disposable: vscode.Disposable.from(...disposables),
    api: {
      describe(uri) {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const check = document && checks.checkFor(document);
        return check && { kind: check.kind, other: check.other, findings: diagnostics.findingsFor(uri), offThread: checks.checkedOffThread(document) };
      },
      statusBarText: () => statusBar.text,
      statusBarTooltip: () => statusBar.tooltip,
    },
  };
}

/** Opens the breakdown view; returns its document's URI (tests read it). */
async function showMemoryEstimate(checks: ConfigChecks, view: MemoryView, uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const check = document && checks.checkFor(document);
  const target = document && targetGpu(readSettings(document.uri));
  const estimate = check?.facts && estimateMemory(check.facts, target ? [target] : []);
  if (!estimate || !document) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'TuneLab cannot estimate GPU memory here: open a training config whose model size is known (from model_name_or_path or tunelab.config.modelSizeB).',
      ),
    );
    return undefined;
  }
  return view.show(document.uri, estimate);
}
