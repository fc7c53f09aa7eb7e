import * as vscode from 'vscode';
import type { ConfigFinding } from '../../core/config/configFindings';
import { Disposable } from '../../platform/disposable';
import { onSettingsChanged, readSettings } from '../../platform/settings';
import { toDiagnostic } from '../../platform/diagnostics';
import type { ConfigChecks } from './configChecks';

const DEBOUNCE_MS = 250;

/** Training-config findings in the Problems panel, refreshed as the user types. */
export class ConfigDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('tunelab-config'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly findings = new Map<string, ConfigFinding[]>();

  constructor(
    private readonly checks: ConfigChecks,
    private readonly docsUri: vscode.Uri,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(
      checks.onDidChange((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) this.refresh(document);
      }),
    );
    this.register(onSettingsChanged(() => checks.invalidate()));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  /** The findings published for a document (for quick fixes, which read their data). */
  findingsFor(uri: vscode.Uri): readonly ConfigFinding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(document);
      }, DEBOUNCE_MS),
    );
  }

  private refresh(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const enabled = readSettings(document.uri)['config.diagnostics.enabled'];
    const check = enabled ? this.checks.checkFor(document) : undefined;
    // A large config being checked in the worker keeps its last findings until the new ones arrive.
    if (enabled && !check && this.checks.pending(document)) return;
    // Findings without a kind: a file too large to check says so.
    if (!check?.kind && !check?.findings.length) {
      this.forget(document.uri);
      return;
    }
    this.findings.set(document.uri.toString(), check.findings);
    this.collection.set(
      document.uri,
      check.findings.map((f) => toDiagnostic(f, document.uri, this.docsUri)),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }
}
