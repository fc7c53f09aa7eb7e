import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DatasetDefinitionProvider } from './datasetDefinitions';
import { FindingCodeActionProvider } from '../../platform/findingCodeActions';
import { PreflightDiagnostics } from './preflightDiagnostics';

/** Inspection hooks for the integration tests. */
export interface PreflightDataApi {
  /** Re-checks every open document and resolves when the diagnostics are published. */
  refresh(): Promise<void>;
}

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
];

/** dataset_info.json as a first-class file, and configs checked against their data (issue 15, items 1 and 2). */
export function registerPreflightData(context: vscode.ExtensionContext, logger: Logger): { disposable: vscode.Disposable; api: PreflightDataApi } {
  const diagnostics = new PreflightDiagnostics(vscode.Uri.joinPath(context.extensionUri, 'docs', 'preflight.md'), logger);
  const disposables: vscode.Disposable[] = [
    diagnostics,
    vscode.languages.registerDefinitionProvider(SELECTOR, new DatasetDefinitionProvider()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FindingCodeActionProvider(diagnostics), {
      providedCodeActionKinds: FindingCodeActionProvider.kinds,
    }),
  ];
  logger.info('pre-flight data checks registered');
  return { disposable: vscode.Disposable.from(...disposables), api: { refresh: () => diagnostics.refreshAll() } };
}
