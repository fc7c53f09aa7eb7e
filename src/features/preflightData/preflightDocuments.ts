import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigDocument } from '../../core/config/document/configTree';
import { topLevelValues } from '../../core/config/document/configTree';
import { parseConfig } from '../../core/config/document/parseConfig';
import { detectConfigKind } from '../../core/config/kinds/detectConfigKind';
import { kindFromFile } from '../../core/config/kinds/kindOverride';
import { DATA_CONFIG } from '../../core/preflight/loadPreflightData';

/** What the pre-flight data adapters need to know about an open document. */
export function isDatasetInfoDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && path.basename(document.uri.fsPath) === DATA_CONFIG;
}

/** Configs checked against their data are LLaMA-Factory YAML / JSON configs on disk (named by the file, or by their keys). */
export function llamaFactoryConfig(document: vscode.TextDocument): { document: ConfigDocument; text: string } | undefined {
  if (document.uri.scheme !== 'file' || isDatasetInfoDocument(document)) return undefined;
  const format =
    document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.fsPath)
      ? 'yaml'
      : document.languageId === 'json' || document.languageId === 'jsonc'
        ? 'json'
        : undefined;
  if (!format) return undefined;
  const text = document.getText();
  // Cheap gate before parsing: a config with datasets or a template names them at the top level.
  if (text.length > 2_000_000 || !/(^|\n|[{,]\s*)"?(dataset|eval_dataset|template)"?\s*:/.test(text)) return undefined;
  const parsed = parseConfig(text, format);
  if (parsed.syntaxErrors.length > 0 || parsed.root?.type !== 'object') return undefined;
  const kind = kindFromFile(parsed) ?? detectConfigKind(topLevelValues(parsed)).kind;
  return kind?.startsWith('llamafactory-') ? { document: parsed, text } : undefined;
}

/** The project folder dataset_dir is resolved against first: the workspace folder of the file. */
export function projectRootOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}
