import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { JobState } from '../../core/jobs/remote/jobStatus';
import { slurmOutcome } from '../../core/jobs/slurm/slurmState';

export function stateLabel(state: JobState): string {
  switch (state) {
    case 'pending':
      return vscode.l10n.t('pending');
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
    case 'pending':
      return new vscode.ThemeIcon(following ? 'watch' : 'debug-disconnect', new vscode.ThemeColor('charts.yellow'));
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

/**
 * The state with the scheduler's detail for a Slurm job: "pending (Resources) · #3 in queue",
 * "running on node[1-2]", "timeout", "out of memory", "node failure", "cancelled by 1000".
 */
export function jobStateText(record: JobRecord): string {
  const label = stateLabel(record.state);
  const slurm = record.slurm;
  if (!slurm?.jobId || !slurm.state) return label;
  if (record.state === 'pending') {
    const reason = slurm.reason ? `${label} (${slurm.reason})` : label;
    return slurm.position ? `${reason} · ${vscode.l10n.t('#{0} in queue', slurm.position)}` : reason;
  }
  if (record.state === 'running') return slurm.nodeList ? vscode.l10n.t('running on {0}', slurm.nodeList) : label;
  switch (slurmOutcome(slurm.state)) {
    case 'timeout':
      return vscode.l10n.t('timeout');
    case 'out-of-memory':
      return vscode.l10n.t('out of memory');
    case 'node-fail':
      return vscode.l10n.t('node failure');
    case 'preempted':
      return vscode.l10n.t('preempted');
    case 'cancelled':
      return slurm.cancelledBy ? vscode.l10n.t('cancelled by {0}', slurm.cancelledBy) : label;
    default:
      return label;
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
