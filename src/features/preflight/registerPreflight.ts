import * as vscode from 'vscode';
import type { ClusterShape } from '../../core/config/facts/clusterShape';
import type { ConfigFinding } from '../../core/config/configFindings';
import { configFormatOf } from '../../core/config/document/parseConfig';
import type { Logger } from '../../core/logger';
import type { PreflightReport } from '../../core/preflight/preflightTypes';
import { reportMarkdown } from '../../core/preflight/reportMarkdown';
import { readSettings } from '../../platform/settings';
import { runPreflightInWorker } from './preflightWorker';

/** Inspection hooks for the integration tests. */
export interface PreflightApi {
  /** The Markdown of the last report shown. */
  lastReport(): string | undefined;
  /**
   * Answers the launch gate instead of its modal and records the blocking findings it was
   * asked about (VS Code refuses modal dialogs while running extension tests). Undefined restores the modal.
   */
  answerLaunchGate(answer: 'launch' | 'cancel' | undefined): string[][];
  /** The thread the last pre-flight ran in ('worker' off the extension host's thread). */
  lastRanIn(): 'worker' | 'host' | undefined;
  /** The last pre-flight's report, from the command or the launch gate. */
  lastRun(): PreflightReport | undefined;
}

const translate = (template: string, args: ReadonlyArray<string | number>) => vscode.l10n.t(template, ...args);
let lastMarkdown: string | undefined;
let gateAnswer: ((messages: string[]) => Promise<'launch' | 'cancel'>) | undefined;
let lastRanIn: 'worker' | 'host' | undefined;
let lastRun: PreflightReport | undefined;
/** dist/workers/preflight.js, set by registerPreflight. */
let workerScript = '';

/** Runs the pre-flight of a config with staged, cancellable progress; undefined when cancelled or not a training config. */
export async function runPreflightWithProgress(uri: vscode.Uri, title: string, cluster?: ClusterShape): Promise<PreflightReport | undefined> {
  const format = configFormatOf(uri.fsPath);
  if (!format) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const settings = readSettings(uri);
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  lastRanIn = undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    let lastStage = '';
    let lastShare = 0;
    try {
      const request = { configPath: uri.fsPath, text: text.replace(/^\uFEFF/, ''), format, settings, root, env: process.env, cluster };
      const run = await runPreflightInWorker(workerScript, request, {
        signal: abort.signal,
        progress: (stage, fraction) => {
          const share = Math.round((fraction ?? 0) * 100);
          if (stage === lastStage && share === lastShare) return;
          const increment = stage === lastStage ? Math.max(0, share - lastShare) / 4 : undefined;
          [lastStage, lastShare] = [stage, share];
          progress.report({ message: fraction === undefined ? vscode.l10n.t(stage) : `${vscode.l10n.t(stage)} ${share}%`, increment });
        },
      });
      lastRanIn = run.ranIn;
      lastRun = run.report;
      return run.report;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      throw error;
    } finally {
      subscription.dispose();
    }
  });
}

/**
 * The launch gate: blocking findings are shown with "Launch anyway" / "Cancel"; true means go on.
 * `cluster` is the chosen target's GPUs (a Slurm target, a host group), for the batch and memory lines.
 */
export async function launchGate(uri: vscode.Uri, logger: Logger, cluster?: ClusterShape): Promise<boolean> {
  let report: PreflightReport | undefined;
  try {
    report = await runPreflightWithProgress(uri, vscode.l10n.t('Pre-flight check before launch'), cluster);
  } catch (error) {
    // A check that cannot run never stands in the way of a launch: it is logged.
    logger.warn(`pre-flight before launch failed: ${error instanceof Error ? error.message : String(error)}`);
    return true;
  }
  // Cancelled (the progress's Cancel button): the launch is cancelled too.
  if (!report) return false;
  if (!report.blocking.length) return true;
  const messages = report.blocking.map((f: ConfigFinding) => `${vscode.l10n.t('line {0}', f.range.start.line + 1)}: ${vscode.l10n.t(f.message, ...f.args)}`);
  for (const m of messages) logger.warn(`pre-flight: ${m}`);
  if (gateAnswer) return (await gateAnswer(messages)) === 'launch';
  const launch = vscode.l10n.t('Launch anyway');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The pre-flight check found {0} blocking errors: the run would most likely fail.', messages.length),
    { modal: true, detail: messages.slice(0, 10).join('\n') },
    launch,
    vscode.l10n.t('Cancel'),
  );
  return answer === launch;
}

async function showReport(uri: vscode.Uri | undefined): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || !configFormatOf(target.fsPath)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a training config (YAML or JSON) to run the pre-flight check.'));
    return;
  }
  const report = await runPreflightWithProgress(target, vscode.l10n.t('Pre-flight check'));
  if (!report) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a training config TuneLab checks.', vscode.workspace.asRelativePath(target)));
    return;
  }
  lastMarkdown = reportMarkdown(report, vscode.workspace.asRelativePath(target), translate);
  await reports.show(target, lastMarkdown);
}

const SCHEME = 'tunelab-preflight';

/**
 * The report as a Markdown preview of a read-only virtual document (as the GPU-memory view
 * does): closing it asks nothing, and the preview renders without scripts or raw HTML; data
 * text is escaped as well.
 */
class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(config: vscode.Uri, markdown: string): Promise<void> {
    const name = config.path.split('/').pop() ?? 'config';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${vscode.l10n.t('Pre-flight: {0}', name)}.md`, query: config.toString() });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No Markdown preview (the built-in extension disabled): the Markdown text still reads well.
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }
}

const reports = new ReportDocuments();

/** `script`: dist/workers/preflight.js, where the pre-flight runs (off the extension host's thread). */
export function registerPreflight(logger: Logger, script: string): { api: PreflightApi; disposable: vscode.Disposable } {
  workerScript = script;
  const provider = vscode.workspace.registerTextDocumentContentProvider(SCHEME, reports);
  const command = vscode.commands.registerCommand('tunelab.preflight.run', async (uri?: vscode.Uri) => {
    try {
      await showReport(uri);
    } catch (error) {
      logger.error(`pre-flight failed: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Pre-flight check failed: {0}', error instanceof Error ? error.message : String(error)));
    }
  });
  return {
    api: {
      lastReport: () => lastMarkdown,
      lastRanIn: () => lastRanIn,
      lastRun: () => lastRun,
      answerLaunchGate: (answer) => {
        const asked: string[][] = [];
        gateAnswer = answer
          ? (messages) => {
              asked.push(messages);
              return Promise.resolve(answer);
            }
          : undefined;
        return asked;
      },
    },
    disposable: vscode.Disposable.from(provider, command, reports.changed),
  };
}
