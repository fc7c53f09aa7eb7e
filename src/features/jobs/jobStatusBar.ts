import * as vscode from 'vscode';
import { jobTitle } from '../../core/jobs/jobRecord';
import { isActive } from '../../core/jobs/remote/jobStatus';
import type { JobManager } from './jobManager';
import { jobStateText, progressText } from './jobPresentation';

/** The running job (the newest, when several) with its progress; click opens its chart. */
export class JobStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tunelab.jobs', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly jobs: JobManager) {
    this.item.name = vscode.l10n.t('TuneLab Training Job');
    this.subscription = jobs.onDidChange(() => this.update());
    this.update();
  }

  text(): string | undefined {
    return this.item.text || undefined;
  }

  private update(): void {
    const running = this.jobs.list().filter((r) => isActive(r.state));
    const newest = running.sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!newest) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const more = running.length > 1 ? ` +${running.length - 1}` : '';
    // A queued Slurm job shows why it waits ("pending (Resources)") where a running one shows its progress.
    const detail = newest.state === 'pending' ? jobStateText(newest) : (progressText(newest) ?? '');
    this.item.text = `$(${this.jobs.isFollowing(newest.id) ? 'sync~spin' : 'debug-disconnect'}) ${jobTitle(newest)} ${detail}${more}`.trim();
    this.item.tooltip = vscode.l10n.t('TuneLab: open the chart of {0}', newest.id);
    this.item.command = { command: 'tunelab.jobs.openChart', title: '', arguments: [newest.id] };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
