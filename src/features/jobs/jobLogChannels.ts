import * as vscode from 'vscode';
import { jobTitle } from '../../core/jobs/jobRecord';
import { jobPaths } from '../../core/jobs/remote/jobLayout';
import { logTailScript } from '../../core/jobs/remote/remoteScripts';
import type { JobManager } from './jobManager';

const FIRST_READ_BYTES = 2 * 1024 * 1024;

/**
 * One output channel per job, opened on demand: it starts with the last 2 MB of the job's
 * output.log and then grows with the live text its follower reads.
 */
export class JobLogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly jobs: JobManager) {
    this.subscription = jobs.onLogText(({ jobId, text }) => this.channels.get(jobId)?.append(text));
  }

  async open(id: string): Promise<void> {
    const record = this.jobs.get(id);
    if (!record) return;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`TuneLab · ${jobTitle(record)} · ${id}`);
      this.channels.set(id, channel);
      const host = await this.jobs.connect(record.target);
      try {
        channel.append((await host.exec(logTailScript(jobPaths(record.workdir, record.id).log, FIRST_READ_BYTES))).stdout);
      } finally {
        host.close();
      }
    }
    channel.show(true);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const channel of this.channels.values()) channel.dispose();
  }
}
