import * as vscode from 'vscode';
import type { JobNotification } from '../../core/jobs/notifications';
import { readSettings } from '../../platform/settings';
import type { JobManager } from './jobManager';

/**
 * Shows a notification when a followed job finishes, fails, is lost or raises an alert, with
 * actions to open its chart or its log: it appears whether or not a chart is open, so a run
 * left in the background still reaches its user. Each kind can be turned off in settings.
 */
export class JobNotifications implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** The texts shown, newest last (read by the integration tests through the API). */
  readonly shown: string[] = [];

  constructor(jobs: JobManager) {
    this.subscription = jobs.onNotify((n) => void this.show(n));
  }

  private async show(notification: JobNotification): Promise<void> {
    if (!readSettings()[`jobs.notify.${notification.kind}`]) return;
    const alert = notification.alert;
    const text = alert
      ? vscode.l10n.t(notification.message, ...notification.args, vscode.l10n.t(alert.message, ...alert.args))
      : vscode.l10n.t(notification.message, ...notification.args);
    this.shown.push(text);
    const openChart = vscode.l10n.t('Open Chart');
    const openLog = vscode.l10n.t('Open Log');
    const show =
      notification.severity === 'error'
        ? vscode.window.showErrorMessage
        : notification.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    const choice = await show(text, openChart, openLog);
    if (choice === openChart) await vscode.commands.executeCommand('tunelab.jobs.openChart', notification.jobId);
    else if (choice === openLog) await vscode.commands.executeCommand('tunelab.jobs.openLog', notification.jobId);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
