import * as vscode from 'vscode';
import type { ConfigCheck } from '../../core/config/checkConfig';
import { checkConfig } from '../../core/config/checkConfig';
import type { ConfigFormat } from '../../core/config/document/parseConfig';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import { kindFromGlobMap } from '../../core/config/kinds/kindOverride';
import { looksLikeDataset } from '../../core/dataset/detectDataset';
import { Disposable } from '../../platform/disposable';
import { readSettings } from '../../platform/settings';

/** Configs are small; anything bigger is a dataset or generated data, not worth parsing on each keystroke. */
const MAX_CONFIG_CHARS = 1_000_000;
const KIND_CHOICES_KEY = 'tunelab.config.kindChoices';
const YAML_EXTENSION = 'redhat.vscode-yaml';

/**
 * Checks training configs and caches the result per document version, so diagnostics, hovers,
 * completion, code lenses and the status bar share one parse. Decides each document's kind
 * from (in order) the file itself, the user's status-bar choice, the settings glob map, then
 * the content.
 */
export class ConfigChecks extends Disposable {
  private readonly cache = new Map<string, { version: number; check: ConfigCheck }>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())));
  }

  /** The check for a document, or undefined when it is not a YAML/JSON file TuneLab looks at. */
  checkFor(document: vscode.TextDocument): ConfigCheck | undefined {
    const format = formatOf(document);
    if (!format) return undefined;
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.check;
    // Measured without copying the text: a big JSON dataset open beside the configs stays cheap.
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (length > MAX_CONFIG_CHARS) return undefined;
    if (format === 'json' && looksLikeDataset(document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 2000), 0)))) return undefined;
    const text = document.getText();
    const settings = readSettings(document.uri);
    const check = checkConfig(text, format, {
      settings,
      fileName: document.uri.path,
      kindOverride: this.choiceFor(document.uri) ?? kindFromGlobMap(settings['config.kinds'], document.uri.fsPath, (glob) => vscode.languages.match({ pattern: glob }, document) > 0),
      skipSchemaRules: languageServerValidates(document, text),
    });
    this.cache.set(key, { version: document.version, check });
    return check;
  }

  /** The kind the user picked in the status bar for this file, if any. */
  choiceFor(uri: vscode.Uri): ConfigKind | 'none' | undefined {
    return this.state.get<Record<string, ConfigKind | 'none'>>(KIND_CHOICES_KEY, {})[uri.toString()];
  }

  async choose(uri: vscode.Uri, kind: ConfigKind | 'none' | undefined): Promise<void> {
    const choices = { ...this.state.get<Record<string, ConfigKind | 'none'>>(KIND_CHOICES_KEY, {}) };
    if (kind) choices[uri.toString()] = kind;
    else delete choices[uri.toString()];
    await this.state.update(KIND_CHOICES_KEY, choices);
    this.invalidate(uri);
  }

  invalidate(uri?: vscode.Uri): void {
    if (uri) this.cache.delete(uri.toString());
    else this.cache.clear();
    for (const document of vscode.workspace.textDocuments) {
      if (!uri || document.uri.toString() === uri.toString()) this.changed.fire(document.uri);
    }
  }
}

export function formatOf(document: vscode.TextDocument): ConfigFormat | undefined {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return undefined;
  if (document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path)) return 'yaml';
  if (document.languageId === 'json' || document.languageId === 'jsonc') return 'json';
  return undefined;
}

/**
 * Files the JSON or YAML language server validates with our schemas already (our contributed
 * `*.<kind>.json|yaml` patterns, a `$schema` member, a yaml-language-server modeline): there
 * TuneLab leaves syntax, schema and unknown-key problems to that server, so nothing is
 * reported twice, and keeps only its domain rules.
 */
function languageServerValidates(document: vscode.TextDocument, text: string): boolean {
  const named = /\.(?:(?:llamafactory|trl)-[\w-]+|axolotl)\.(json|ya?ml)$/i.test(document.uri.path);
  if (document.languageId === 'json' || document.languageId === 'jsonc') return named || /^\s*\{\s*"\$schema"\s*:/.test(text);
  if (!vscode.extensions.getExtension(YAML_EXTENSION)) return false;
  return named || /^#\s*yaml-language-server:\s*\$schema=/m.test(text);
}
