import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { jobTitle } from '../../core/jobs/jobRecord';
import { isActive } from '../../core/jobs/remote/jobStatus';
import type { JobManager } from './jobManager';
import { jobStateText, progressText, stateIcon } from './jobPresentation';

type Node = { kind: 'host'; name: string } | { kind: 'job'; id: string };

/** Hosts → jobs, newest first, with state, progress and ETA; actions by context value. */
export class JobsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly jobs: JobManager) {
    this.subscription = jobs.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const records = this.jobs.list();
    if (!node) return [...new Set(records.map((r) => r.target.name))].sort().map((name) => ({ kind: 'host', name }));
    if (node.kind === 'host') {
      return records
        .filter((r) => r.target.name === node.name)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((r) => ({ kind: 'job', id: r.id }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'host') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('server');
      item.contextValue = 'host';
      return item;
    }
    const record = this.jobs.get(node.id);
    if (!record) return new vscode.TreeItem(node.id);
    return this.jobItem(record);
  }

  private jobItem(record: JobRecord): vscode.TreeItem {
    const following = this.jobs.isFollowing(record.id);
    const item = new vscode.TreeItem(jobTitle(record).replace(/ @ .*$/, ''), vscode.TreeItemCollapsibleState.None);
    item.id = record.id;
    const progress = progressText(record);
    const hosts = record.multiHost ? vscode.l10n.t('{0} hosts', record.multiHost.nodes.length) : undefined;
    item.description = [jobStateText(record), progress, hosts].filter(Boolean).join(' · ');
    item.iconPath = stateIcon(record.state, following);
    const active = isActive(record.state);
    item.contextValue = `job-${active ? 'active' : 'ended'}${active && !following ? '-detached' : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${record.id}**\n\n`);
    tooltip.appendText(`${record.target.name} · ${record.workdir}\n${record.command}\n`);
    if (record.slurm?.jobId) tooltip.appendText(`${vscode.l10n.t('Slurm job {0}', record.slurm.jobId)}\n`);
    if (record.multiHost)
      tooltip.appendText(
        `${vscode.l10n.t('Hosts (rank order): {0}; master {1}:{2}', record.multiHost.nodes.map((n) => n.target.name).join(', '), record.multiHost.masterAddr, record.multiHost.masterPort)}\n`,
      );
    if (record.exitCode !== undefined) tooltip.appendText(`${vscode.l10n.t('exit code {0}', record.exitCode)}\n`);
    if (active && !following) tooltip.appendText(vscode.l10n.t('Not following: re-attach to see new points.'));
    item.tooltip = tooltip;
    item.command = { command: 'tunelab.jobs.openChart', title: vscode.l10n.t('Open Chart'), arguments: [record.id] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
