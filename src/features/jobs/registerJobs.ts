import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { ChartDescription, ChartUiState } from '../../shared/protocol/trainingChart';
import { TRAINING_CHART_VIEW_TYPE } from '../../shared/protocol/trainingChart';
import { hostGpus } from '../../core/jobs/jobRunner';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { jobTitle } from '../../core/jobs/jobRecord';
import { explainJobError } from './jobErrors';
import { JobLogChannels } from './jobLogChannels';
import { JobManager } from './jobManager';
import { JobNotifications } from './jobNotifications';
import { JobStatusBar } from './jobStatusBar';
import { JobsTreeProvider } from './jobsTreeProvider';
import type { LaunchArguments, LaunchGate } from './launchJobCommand';
import { launchJobCommand } from './launchJobCommand';
import { hostByName, pickHost } from './hostPicker';
import { isRemoteLoaded } from './remoteModule';
import { TrainingChartPanels } from './trainingChartPanels';

/** Inspection hooks for the integration tests. */
export interface JobsApi {
  /** Whether dist/remote.js (ssh2) has been loaded: false until the first job command. */
  remoteLoaded(): boolean;
  list(): JobRecord[];
  isFollowing(id: string): boolean;
  pointCount(id: string): number;
  describeChart(id: string): Promise<ChartDescription | undefined>;
  statusBarText(): string | undefined;
  /** The Training Jobs view as shown: hosts, and under each its jobs (label, description, actions). */
  tree(): Array<{ host: string; jobs: Array<{ id: string; label: string; description: string; contextValue: string }> }>;
  /** Restores a chart panel from saved state, as VS Code does after a window reload. */
  restoreChart(state: ChartUiState): Promise<void>;
  /** Where TuneLab writes: its log files and the job store (tests search them for secrets). */
  folders(): { log: string; jobs: string };
  /**
   * Answers host-key questions instead of the modal and records them (VS Code refuses modal
   * dialogs while running extension tests). Undefined restores the modal.
   */
  answerHostKeys(answer: 'once' | 'always' | 'reject' | undefined): Array<{ where: string; keyType: string; fingerprint: string }>;
  /** The texts of the job notifications shown so far. */
  notifications(): readonly string[];
}

/** Tree items and commands pass a job id (or the tree node holding it). */
function jobIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as { id?: string } | undefined;
  return typeof node?.id === 'string' ? node.id : undefined;
}

export function registerJobs(
  context: vscode.ExtensionContext,
  logger: Logger,
  beforeLaunch: LaunchGate = () => Promise.resolve(true),
): { api: JobsApi; disposable: vscode.Disposable } {
  const jobs = new JobManager(context, logger);
  const tree = new JobsTreeProvider(jobs);
  const statusBar = new JobStatusBar(jobs);
  const logs = new JobLogChannels(jobs);
  const charts = new TrainingChartPanels(context.extensionUri, jobs, logger);
  const notifications = new JobNotifications(jobs);
  const openChart = (id: string) => charts.show(id);
  const guard = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
    } catch (error) {
      void vscode.window.showErrorMessage(explainJobError(error));
    }
  };
  const trusted = () => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(vscode.l10n.t('Training jobs run commands on remote hosts: trust this workspace first.'));
    return false;
  };
  const confirm = async (message: string, action: string) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;

  const subscriptions: vscode.Disposable[] = [
    jobs,
    tree,
    statusBar,
    logs,
    charts,
    notifications,
    vscode.window.createTreeView('tunelab.jobs', { treeDataProvider: tree, showCollapseAll: false }),
    vscode.window.registerWebviewPanelSerializer(TRAINING_CHART_VIEW_TYPE, charts),
    vscode.commands.registerCommand('tunelab.jobs.launch', (uri?: vscode.Uri, args?: LaunchArguments) =>
      launchJobCommand(context, jobs, logger, openChart, beforeLaunch, uri, args),
    ),
    vscode.commands.registerCommand('tunelab.jobs.openChart', (arg: unknown) => {
      const id = jobIdOf(arg);
      if (id) openChart(id);
    }),
    vscode.commands.registerCommand('tunelab.jobs.openLog', (arg: unknown) => guard(() => logs.open(jobIdOf(arg) ?? ''))()),
    vscode.commands.registerCommand('tunelab.jobs.reattach', (arg: unknown) => {
      const id = jobIdOf(arg);
      if (id && trusted()) jobs.follow(id);
    }),
    vscode.commands.registerCommand('tunelab.jobs.cancel', (arg: unknown, options?: { confirmed?: boolean }) =>
      guard(async () => {
        const record = jobs.get(jobIdOf(arg) ?? '');
        if (!record || !trusted()) return;
        if (
          !options?.confirmed &&
          !(await confirm(vscode.l10n.t('Cancel {0}? Its whole process group gets SIGTERM, then SIGKILL.', jobTitle(record)), vscode.l10n.t('Cancel Job')))
        )
          return;
        const result = await jobs.cancel(record.id);
        void vscode.window.showInformationMessage(
          result === 'not-running' ? vscode.l10n.t('{0} was not running.', record.id) : vscode.l10n.t('{0} was cancelled.', record.id),
        );
      })(),
    ),
    vscode.commands.registerCommand('tunelab.jobs.delete', (arg: unknown, options?: { confirmed?: boolean }) =>
      guard(async () => {
        const record = jobs.get(jobIdOf(arg) ?? '');
        if (!record || !trusted()) return;
        if (
          !options?.confirmed &&
          !(await confirm(
            vscode.l10n.t('Delete the folder of {0} on {1} (log, pid, exit code)? Checkpoints in the output directory stay.', record.id, record.target.name),
            vscode.l10n.t('Delete'),
          ))
        )
          return;
        await jobs.deleteJob(record.id);
      })(),
    ),
    vscode.commands.registerCommand('tunelab.jobs.refresh', () => (vscode.workspace.isTrusted ? jobs.refresh() : undefined)),
    vscode.commands.registerCommand('tunelab.jobs.showGpus', (hostName?: string) =>
      guard(async () => {
        if (!trusted()) return;
        const target = typeof hostName === 'string' ? hostByName(hostName) : await pickHost(vscode.l10n.t('Show GPUs'));
        if (!target) return;
        const gpus = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} for its GPUs…', target.name) },
          async () => {
            const host = await jobs.connect(target);
            try {
              return await hostGpus(host);
            } finally {
              host.close();
            }
          },
        );
        if (!gpus) {
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no nvidia-smi: no GPU to show.', target.name));
          return;
        }
        await vscode.window.showQuickPick(
          gpus.map((g) => ({
            label: `GPU ${g.index} · ${g.name}`,
            description: vscode.l10n.t('{0} of {1} MiB free, {2}% busy', g.freeMiB, g.totalMiB, g.utilizationPercent ?? '?'),
          })),
          { title: vscode.l10n.t('GPUs of {0}', target.name), canPickMany: false },
        );
      })(),
    ),
    vscode.commands.registerCommand('tunelab.jobs.forgetSecrets', async () => {
      const count = await jobs.forgetSecrets();
      void vscode.window.showInformationMessage(vscode.l10n.t('Forgot {0} saved passphrases and passwords.', count));
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => jobs.resume()),
  ];
  // Running jobs are followed again after a restart; none running means ssh2 is never loaded.
  if (vscode.workspace.isTrusted) jobs.resume();

  return {
    api: {
      remoteLoaded: isRemoteLoaded,
      list: () => jobs.list(),
      isFollowing: (id) => jobs.isFollowing(id),
      pointCount: (id) => jobs.seriesOf(id).points.length,
      describeChart: (id) => charts.describe(id),
      statusBarText: () => statusBar.text(),
      tree: () =>
        tree.getChildren().map((host) => ({
          host: host.kind === 'host' ? host.name : '',
          jobs: tree.getChildren(host).map((node) => {
            const item = tree.getTreeItem(node);
            return {
              id: item.id ?? '',
              label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
              description: typeof item.description === 'string' ? item.description : '',
              contextValue: item.contextValue ?? '',
            };
          }),
        })),
      restoreChart: async (state) => {
        const panel = vscode.window.createWebviewPanel(TRAINING_CHART_VIEW_TYPE, 'restored', vscode.ViewColumn.Active);
        await charts.deserializeWebviewPanel(panel, state);
      },
      folders: () => ({ log: context.logUri.fsPath, jobs: jobs.storeFolder }),
      notifications: () => notifications.shown,
      answerHostKeys: (answer) => {
        const asked: Array<{ where: string; keyType: string; fingerprint: string }> = [];
        jobs.hostKeyPrompt = answer
          ? (where, keyType, fingerprint) => {
              asked.push({ where, keyType, fingerprint });
              return Promise.resolve(answer);
            }
          : undefined;
        return asked;
      },
    },
    disposable: vscode.Disposable.from(...subscriptions),
  };
}
