import * as vscode from 'vscode';
import type { CheckConfigOptions, ConfigCheck } from '../../core/config/checkConfig';
import { checkConfig, configTooLarge, MAX_CONFIG_SIZE } from '../../core/config/checkConfig';
import { topLevelValues } from '../../core/config/document/configTree';
import type { ConfigFormat } from '../../core/config/document/parseConfig';
import { trainingFacts } from '../../core/config/facts/trainingFacts';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import { kindFromGlobMap } from '../../core/config/kinds/kindOverride';
import type { Logger } from '../../core/logger';
import { looksLikeDataset } from '../../core/dataset/detectDataset';
import { Disposable } from '../../platform/disposable';
import { readSettings } from '../../platform/settings';
import { ConfigWorker } from './configWorker';

/**
 * Configs above this many characters are checked in a worker thread: parsing YAML with
 * positions runs at roughly 1 MB/s, so from about 100 KB a check would hold up typing.
 */
export const WORKER_THRESHOLD_CHARS = 100_000;
const KIND_CHOICES_KEY = 'tunelab.config.kindChoices';
const YAML_EXTENSION = 'redhat.vscode-yaml';

/**
 * Checks training configs and caches the result per document version, so diagnostics, hovers,
 * completion, code lenses and the status bar share one parse. Decides each document's kind
 * from (in order) the file itself, the user's status-bar choice, the settings glob map, then
 * the content.
 */
export class ConfigChecks extends Disposable {
  private readonly cache = new Map<string, { version: number; check: ConfigCheck; offThread: boolean }>();
  /** Documents being checked in the worker, with the version asked for. */
  private readonly inWorker = new Map<string, number>();
  private readonly worker: ConfigWorker;
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    workerScript: string,
    private readonly logger?: Logger,
  ) {
    super();
    this.worker = new ConfigWorker(workerScript);
    this.register({ dispose: () => this.worker.dispose() });
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.inWorker.delete(d.uri.toString());
      }),
    );
  }

  /** True while a newer check of the document is running in the worker (keep showing the last one). */
  pending(document: vscode.TextDocument): boolean {
    return this.inWorker.get(document.uri.toString()) === document.version;
  }

  /** Whether the current check of the document ran in the worker thread (for tests). */
  checkedOffThread(document: vscode.TextDocument): boolean {
    const cached = this.cache.get(document.uri.toString());
    return cached?.version === document.version && cached.offThread;
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
    if (length > MAX_CONFIG_SIZE) {
      // A big JSON file is a dataset, the dataset checks' business; a big YAML gets the too-large finding.
      if (format === 'json') return undefined;
      const check = configTooLarge(length, format, readSettings(document.uri));
      this.cache.set(key, { version: document.version, check, offThread: false });
      return check;
    }
    if (format === 'json' && looksLikeDataset(document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 2000), 0)))) return undefined;
    const text = document.getText();
    const settings = readSettings(document.uri);
    const options = {
      settings,
      fileName: document.uri.path,
      kindOverride:
        this.choiceFor(document.uri) ??
        kindFromGlobMap(settings['config.kinds'], document.uri.fsPath, (glob) => vscode.languages.match({ pattern: glob }, document) > 0),
      skipSchemaRules: languageServerValidates(document, text),
      // The DeepSpeed JSON the config names tells its ZeRO stage; only files on disk have a folder to read it from.
      readFiles: document.uri.scheme === 'file',
    };
    if (length > WORKER_THRESHOLD_CHARS) {
      this.checkInWorker(document, text, format, options);
      return undefined;
    }
    const check = checkConfig(text, format, options);
    this.cache.set(key, { version: document.version, check, offThread: false });
    return check;
  }

  /**
   * Starts a worker check of this version unless one is running; when it ends, caches it if
   * the document has not changed since, and tells the listeners (diagnostics, status bar…).
   */
  private checkInWorker(document: vscode.TextDocument, text: string, format: ConfigFormat, options: CheckConfigOptions): void {
    const key = document.uri.toString();
    const version = document.version;
    if (this.inWorker.get(key) === version) return;
    this.inWorker.set(key, version);
    this.worker.check(text, format, options).then(
      (check) => {
        if (this.inWorker.get(key) !== version) return;
        this.inWorker.delete(key);
        if (document.isClosed || document.version !== version) return;
        const facts = check.kind ? trainingFacts(check.kind, topLevelValues(check.document), options.settings) : undefined;
        this.cache.set(key, { version, check: { ...check, facts }, offThread: true });
        this.changed.fire(document.uri);
      },
      (error: unknown) => {
        if (this.inWorker.get(key) === version) this.inWorker.delete(key);
        this.logger?.warn(`config check of ${document.uri.fsPath} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
      },
    );
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
