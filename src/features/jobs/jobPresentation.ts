import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { JobState } from '../../core/jobs/remote/jobStatus';

export function stateLabel(state: JobState): string {
  switch (state) {
    case 'starting':
      return vscode.l10n.t('starting');
    case 'running':
      return vscode.l10n.t('running');
    case 'finished':
      return vscode.l10n.t('finished');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    case 'lost':
      return vscode.l10n.t('lost');
    case 'missing':
      return vscode.l10n.t('missing on host');
  }
}

export function stateIcon(state: JobState, following: boolean): vscode.ThemeIcon {
  switch (state) {
    case 'starting':
    case 'running':
      return new vscode.ThemeIcon(following ? 'sync~spin' : 'debug-disconnect', new vscode.ThemeColor('charts.blue'));
    case 'finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'failed':
    case 'lost':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'missing':
      return new vscode.ThemeIcon('question');
  }
}

/** "h:mm:ss" for seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "120/500 (24%) · ETA 0:31:10" */
export function progressText(record: JobRecord): string | undefined {
  const p = record.progress;
  if (!p || !p.total) return undefined;
  const percent = Math.floor((100 * p.current) / p.total);
  const eta = p.remaining !== undefined && p.current < p.total ? ` · ${vscode.l10n.t('ETA {0}', clock(p.remaining))}` : '';
  return `${p.current}/${p.total} (${percent}%)${eta}`;
}
