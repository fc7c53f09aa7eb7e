import * as vscode from 'vscode';
import type { ConfigFinding } from '../../core/config/configFindings';
import type { Logger } from '../../core/logger';
import { checkConfigData } from '../../core/preflight/configData/checkConfigData';
import { checkDatasetInfo } from '../../core/preflight/datasetInfo/checkDatasetInfo';
import { findUsedDatasetNames, loadConfigDataFiles, loadDatasetInfoFiles } from '../../core/preflight/loadPreflightData';
import { toDiagnostic } from '../../platform/diagnostics';
import { Disposable } from '../../platform/disposable';
import { onSettingsChanged, readSettings } from '../../platform/settings';
import { isDatasetInfoDocument, llamaFactoryConfig, projectRootOf } from './preflightDocuments';

const DEBOUNCE_MS = 400;

/**
 * Config ↔ dataset_info.json ↔ data findings in the Problems panel: on every dataset_info.json
 * (missing files, formatting / columns / tags that do not fit the records…) and on every
 * LLaMA-Factory config (unknown dataset names, the stage against the data, the template against
 * the model). The files are read here; the findings come from the pure core checks. A saved
 * data file or dataset_info.json re-checks every open document, since they depend on each other.
 */
export class PreflightDiagnostics extends Disposable {
  private readonly infoCollection = this.register(vscode.languages.createDiagnosticCollection('tunelab-dataset-info'));
  private readonly configCollection = this.register(vscode.languages.createDiagnosticCollection('tunelab-config-data'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly findings = new Map<string, ConfigFinding[]>();
  /** The dataset names the project's configs use, per project and dataset_dir, until a config is saved. */
  private readonly usedNames = new Map<string, Promise<Set<string> | undefined>>();
  /** The newest check started per document; an older one that ends later is dropped. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly docsUri: vscode.Uri,
    private readonly logger: Logger,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidSaveTextDocument((d) => this.saved(d)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(onSettingsChanged(() => this.refreshAll()));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    void this.refreshAll();
  }

  /** The findings published for a document (quick fixes read their data). */
  findingsFor(uri: vscode.Uri): readonly ConfigFinding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  /** Re-checks every open document (also the tests' way to wait for a fresh result). */
  refreshAll(): Promise<void> {
    return Promise.all(vscode.workspace.textDocuments.map((d) => this.refresh(d))).then(() => undefined);
  }

  /** A saved data file, dataset_info.json or config can change the findings of every other open one. */
  private saved(document: vscode.TextDocument): void {
    if (/\.ya?ml$/i.test(document.uri.fsPath)) this.usedNames.clear();
    if (isDatasetInfoDocument(document) || /\.(jsonl?|csv|parquet|arrow|txt|ya?ml)$/i.test(document.uri.fsPath)) void this.refreshAll();
  }

  private findUsed = (projectRoot: string, datasetDir: string): Promise<Set<string> | undefined> => {
    const key = `${projectRoot}\u0000${datasetDir}`;
    let found = this.usedNames.get(key);
    if (!found) this.usedNames.set(key, (found = findUsedDatasetNames(projectRoot, datasetDir)));
    return found;
  };

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document);
      }, DEBOUNCE_MS),
    );
  }

  async refresh(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed || document.uri.scheme !== 'file') return;
    const key = document.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const settings = readSettings(document.uri);
    try {
      let findings: ConfigFinding[] | undefined;
      let collection = this.configCollection;
      if (isDatasetInfoDocument(document)) {
        collection = this.infoCollection;
        const loaded = await loadDatasetInfoFiles(document.uri.fsPath, {
          text: document.getText(),
          projectRoot: projectRootOf(document.uri),
          findUsed: this.findUsed,
        });
        findings = checkDatasetInfo({ info: loaded.info, dataFiles: loaded.dataFiles, usedNames: loaded.usedNames, settings }).findings;
      } else if (settings['config.diagnostics.enabled']) {
        const config = llamaFactoryConfig(document);
        if (config) {
          const files = await loadConfigDataFiles(config.document, config.text, document.uri.fsPath, projectRootOf(document.uri));
          findings = checkConfigData({ document: config.document, text: config.text, info: files.info, dataFiles: files.dataFiles, settings });
        }
      }
      if (this.isDisposed || document.isClosed || this.generation.get(key) !== generation) return;
      if (findings) {
        this.findings.set(key, findings);
        collection.set(
          document.uri,
          findings.map((f) => toDiagnostic(f, document.uri, this.docsUri)),
        );
      } else {
        this.findings.delete(key);
        collection.delete(document.uri);
      }
    } catch (error) {
      this.logger.warn(`pre-flight data check of ${document.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.generation.delete(uri.toString());
    this.findings.delete(uri.toString());
    this.infoCollection.delete(uri);
    this.configCollection.delete(uri);
  }
}
