import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ClusterShape } from '../../core/config/facts/clusterShape';
import { clusterFromHostGroup, clusterFromSlurm } from '../../core/config/facts/clusterShape';
import type { Logger } from '../../core/logger';
import type { Settings } from '../../core/settings/settings';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { hostGpus } from '../../core/jobs/jobRunner';
import type { LaunchRequest } from '../../core/jobs/jobRunner';
import { buildLaunchRequest } from '../../core/jobs/launchRequest';
import { guessLauncher } from '../../core/jobs/slurm/batchScript';
import type { SlurmHostDefaults } from '../../core/jobs/slurm/slurmOptions';
import { checkSlurmOptions, slurmOptionsOf } from '../../core/jobs/slurm/slurmOptions';
import { slurmPreview } from '../../core/jobs/slurm/slurmRunner';
import { checkTemplateOrThrow } from '../../core/jobs/remote/commandTemplate';
import { readSettings } from '../../platform/settings';
import { explainJobError } from './jobErrors';
import type { JobManager } from './jobManager';
import { hostByName } from './hostPicker';
import type { HostGroupChoice } from './launchWizard';
import { BACK, pickConfigStep, pickHostStep, workdirStep } from './launchWizard';
import { groupFromArguments, launchOnGroup } from './launchOnGroup';

export interface LaunchArguments {
  /** A host name (`tunelab.hosts`, ssh config alias) or user@host:port: skips the picker. */
  host?: string;
  /** Skips the working-directory prompt. */
  workdir?: string;
  /** Submits a Slurm job without asking (the batch script is still shown): for automation. */
  submitWithoutAsking?: boolean;
  /** Several hosts (names or user@host:port, rank order): a multi-host launch without the picker. */
  hosts?: string[];
  masterAddr?: string;
  masterPort?: number;
}

const LAST_WORKDIR = 'tunelab.jobs.lastWorkdir';

/** Asked before anything connects (the pre-flight check, passed in by extension.ts): false stops the launch. */
/** The pre-flight before a launch; `cluster` is the GPUs the chosen target gives the run, when known. */
export type LaunchGate = (config: vscode.Uri, cluster?: ClusterShape) => Promise<boolean>;

/**
 * "Launch Training Job": config (the active one by default), host, working directory; then,
 * with cancellable progress: connect, show the GPUs' free memory, upload what changed, start
 * the job detached, follow it and open its chart.
 */
export async function launchJobCommand(
  context: vscode.ExtensionContext,
  jobs: JobManager,
  logger: Logger,
  openChart: (id: string) => void,
  beforeLaunch: LaunchGate,
  uri?: vscode.Uri,
  args: LaunchArguments = {},
): Promise<JobRecord | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Training jobs run commands on remote hosts: trust this workspace first.'));
    return undefined;
  }
  // A mistyped placeholder in the settings is reported before anything is asked or connected.
  try {
    checkTemplateOrThrow(readSettings(uri instanceof vscode.Uri ? uri : undefined)['jobs.commandTemplate']);
  } catch (error) {
    void vscode.window.showErrorMessage(explainJobError(error));
    return undefined;
  }
  let configUri = uri instanceof vscode.Uri ? uri : undefined;
  let target: HostTarget | undefined;
  let group: HostGroupChoice | undefined;
  if (args.host) {
    target = hostByName(args.host);
    if (!target) throw new Error(vscode.l10n.t('Not a host: use [user@]host[:port]'));
  }
  if (args.hosts) {
    group = groupFromArguments(args.hosts, args.masterAddr, args.masterPort);
    target = group.targets[0];
  }
  let workdir = args.workdir;
  const remembered = context.workspaceState.get<Record<string, string>>(LAST_WORKDIR, {});
  // Config, host, working directory; Back returns to the step before.
  while (!configUri || !target || !workdir) {
    if (!configUri) {
      configUri = await pickConfigStep();
      if (!configUri) return undefined;
    }
    if (!target) {
      const host = await pickHostStep();
      if (host === BACK) {
        configUri = undefined;
        continue;
      }
      if (!host) return undefined;
      group = 'targets' in host ? host : undefined;
      target = 'targets' in host ? host.targets[0] : host;
    }
    if (!workdir) {
      const typed = await workdirStep(target, remembered[group?.name ?? target.name] ?? readSettings(configUri)['jobs.workdir']);
      if (typed === BACK) {
        target = undefined;
        group = undefined;
        continue;
      }
      if (!typed) return undefined;
      workdir = typed;
    }
  }
  await context.workspaceState.update(LAST_WORKDIR, { ...remembered, [group?.name ?? target.name]: workdir });

  // Upload what the user sees: save the config first if it has unsaved edits.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
  if (open?.isDirty) await open.save();
  // One verdict before any upload: blocking findings are shown with "Launch anyway" / "Cancel".
  if (!(await beforeLaunch(configUri, clusterOfTarget(readSettings(configUri), target, group)))) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
  const settings = readSettings(configUri);
  const root = vscode.workspace.getWorkspaceFolder(configUri)?.uri.fsPath ?? dirname(configUri.fsPath);
  let launch: ReturnType<typeof buildLaunchRequest>;
  try {
    launch = buildLaunchRequest(configUri.fsPath, text, root, target, {
      workdir,
      commandTemplate: settings['jobs.commandTemplate'],
      setup: settings['jobs.setup'],
      env: settings['jobs.env'],
    });
  } catch (error) {
    void vscode.window.showErrorMessage(explainJobError(error));
    return undefined;
  }
  const { request, notes } = launch;
  for (const note of notes) logger.info(`launch: ${vscode.l10n.t(note.message, ...note.args)}`);
  if (group) return launchOnGroup(jobs, logger, openChart, request, group);
  // A host listed in tunelab.jobs.slurm is a login node: the job is a batch script, shown before it is submitted.
  const slurmDefaults = settings['jobs.slurm'][target.name];
  if (slurmDefaults) {
    if (!(await confirmSlurm(request, slurmDefaults, target.name, args.submitWithoutAsking === true))) return undefined;
  }

  const host = target;
  try {
    const record = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Launching on {0}', host.name), cancellable: true },
      (progress, token) => {
        const stopIfCancelled = () => {
          if (token.isCancellationRequested) throw new vscode.CancellationError();
        };
        progress.report({ message: vscode.l10n.t('connecting…') });
        return jobs.launch(
          request,
          (step, detail) => {
            stopIfCancelled();
            if (step === 'probe') progress.report({ message: vscode.l10n.t('checking the host…') });
            if (step === 'upload' && detail?.file)
              progress.report({ message: vscode.l10n.t('uploading {0}', detail.file), increment: detail.total ? 80 / detail.total : undefined });
            if (step === 'start') progress.report({ message: vscode.l10n.t('starting…') });
          },
          async (connection) => {
            stopIfCancelled();
            // A login node's GPUs (if any) are not the job's.
            if (request.slurm) return;
            const gpus = await hostGpus(connection);
            const summary = gpus?.length
              ? gpus
                  .map((g) => vscode.l10n.t('GPU {0} {1}: {2} GiB free of {3}', g.index, g.name, (g.freeMiB / 1024).toFixed(1), (g.totalMiB / 1024).toFixed(0)))
                  .join(' · ')
              : vscode.l10n.t('{0} has no nvidia-smi: no GPU to show.', host.name);
            logger.info(`launch on ${host.name}: ${summary}`);
            void vscode.window.showInformationMessage(summary);
          },
        );
      },
    );
    const notesText = notes.length ? ` ${vscode.l10n.t('{0} notes about datasets in the TuneLab log.', notes.length)}` : '';
    const started = record.slurm?.jobId
      ? vscode.l10n.t('Submitted job {0} to Slurm on {1} (Slurm job {2}).', record.id, host.name, record.slurm.jobId)
      : vscode.l10n.t('Started job {0} on {1}.', record.id, host.name);
    void vscode.window.showInformationMessage(started + notesText);
    openChart(record.id);
    return record;
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    const message = explainJobError(error);
    logger.error(`launch on ${host.name} failed: ${message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

/** Sets the request's Slurm options, shows the batch script and asks before submitting it. */
async function confirmSlurm(request: LaunchRequest, defaults: SlurmHostDefaults, hostName: string, withoutAsking: boolean): Promise<boolean> {
  request.slurm = slurmOptionsOf(defaults, {}, guessLauncher(request.commandTemplate));
  let preview: string;
  try {
    checkSlurmOptions(request.slurm);
    preview = slurmPreview(request.slurm, request.workdir, request.commandTemplate);
  } catch (error) {
    void vscode.window.showErrorMessage(explainJobError(error));
    return false;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'shellscript', content: preview });
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus: withoutAsking });
  if (withoutAsking) return true;
  const submit = vscode.l10n.t('Submit');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Submit this batch script to Slurm on {0}? {1} node(s), partition {2}.',
      hostName,
      request.slurm.nodes,
      request.slurm.partition ?? vscode.l10n.t('(default)'),
    ),
    { modal: true },
    submit,
  );
  return answer === submit;
}

/**
 * The GPUs the chosen target gives the run, for the pre-flight's global batch and memory fit: a
 * Slurm login node's nodes × GPUs per node, one node per host of a group; undefined for one SSH
 * host (the settings' figures apply, as in the editor).
 */
function clusterOfTarget(settings: Settings, target: HostTarget, group: HostGroupChoice | undefined): ClusterShape | undefined {
  if (group) return clusterFromHostGroup(group.name, group.targets.length, settings);
  const slurm = settings['jobs.slurm'][target.name];
  return slurm ? clusterFromSlurm(target.name, slurm, settings) : undefined;
}
