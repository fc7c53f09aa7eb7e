import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { LaunchRequest } from '../../core/jobs/jobRunner';
import { guessLauncher } from '../../core/jobs/slurm/batchScript';
import { explainJobError } from './jobErrors';
import type { JobManager } from './jobManager';
import { hostByName } from './hostPicker';
import type { HostGroupChoice } from './launchWizard';

/** `hosts` of the launch command's arguments as a group (for automation and tests). */
export function groupFromArguments(hosts: readonly string[], masterAddr?: string, masterPort?: number): HostGroupChoice {
  const targets = hosts.map((h) => {
    const target = hostByName(h);
    if (!target) throw new Error(`${vscode.l10n.t('Not a host: use [user@]host[:port]')} (${h})`);
    return target;
  });
  return { name: targets.map((t: HostTarget) => t.name).join('+'), targets, group: { hosts: [...hosts], masterAddr, masterPort } };
}

/**
 * The multi-host launch with cancellable progress: the port pre-check on every host, the uploads,
 * one launcher per host; then rank 0 is followed and its chart opened, as for one host.
 */
export async function launchOnGroup(
  jobs: JobManager,
  logger: Logger,
  openChart: (id: string) => void,
  request: LaunchRequest,
  choice: HostGroupChoice,
): Promise<JobRecord | undefined> {
  const names = choice.targets.map((t) => t.name).join(', ');
  const { target: _rank0, slurm: _slurm, ...rest } = request;
  try {
    const record = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Launching on {0}', names), cancellable: true },
      (progress, token) => {
        progress.report({ message: vscode.l10n.t('checking that every host reaches the master port…') });
        return jobs.launchMulti(
          {
            ...rest,
            targets: choice.targets,
            multiHost: {
              masterAddr: choice.group.masterAddr,
              masterPort: choice.group.masterPort,
              sharedWorkdir: choice.group.sharedWorkdir,
              launcher: choice.group.launcher ?? guessLauncher(request.commandTemplate),
            },
          },
          (step, detail) => {
            if (token.isCancellationRequested) throw new vscode.CancellationError();
            if (step === 'upload' && detail?.file)
              progress.report({ message: vscode.l10n.t('uploading {0}', detail.file), increment: detail.total ? 80 / detail.total : undefined });
            if (step === 'start') progress.report({ message: vscode.l10n.t('starting…') });
          },
        );
      },
    );
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Started job {0} on {1} hosts ({2}), meeting at {3}:{4}.',
        record.id,
        choice.targets.length,
        names,
        record.multiHost?.masterAddr ?? '',
        record.multiHost?.masterPort ?? '',
      ),
    );
    openChart(record.id);
    return record;
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    const message = explainJobError(error);
    logger.error(`launch on ${names} failed: ${message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
