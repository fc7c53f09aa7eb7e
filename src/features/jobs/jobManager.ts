import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { followJob } from '../../core/jobs/jobFollower';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { LaunchProgress, LaunchRequest } from '../../core/jobs/jobRunner';
import { cancelJob, deleteJobFolder, jobStatuses, launchJob, statusChange } from '../../core/jobs/jobRunner';
import { JobStore } from '../../core/jobs/jobStore';
import type { TrainingAlert } from '../../core/jobs/metrics/alertKinds';
import { AlertDetector } from '../../core/jobs/metrics/alerts';
import type { MetricPoint } from '../../core/jobs/metrics/metricPoint';
import type { JobNotification } from '../../core/jobs/notifications';
import { alertNotification, stateNotification } from '../../core/jobs/notifications';
import type { RemoteHost } from '../../core/jobs/remoteHost';
import { isActive } from '../../core/jobs/remote/jobStatus';
import type { MultiHostLaunchRequest } from '../../core/jobs/multihost/multiHostRunner';
import { cancelMultiHost, deleteMultiHost, launchMultiHost } from '../../core/jobs/multihost/multiHostRunner';
import { multiHostStatus } from '../../core/jobs/multihost/multiHostStatus';
import { readSettings } from '../../platform/settings';
import { explainJobError } from './jobErrors';
import { askHostKey, secretCredentials } from './vscodeCredentials';
import { remoteModule } from './remoteModule';

interface Series {
  points: MetricPoint[];
  alerts: TrainingAlert[];
  detector: AlertDetector;
}

export interface PointsEvent {
  jobId: string;
  points: MetricPoint[];
  alerts: TrainingAlert[];
}

/**
 * The jobs of this workspace: the store on disk (workspace storage), one follower per running
 * job that reconnects with backoff and resumes from the stored offsets, the points and alerts
 * in memory for charts, and the operations on jobs. SSH is loaded on the first connection.
 */
export class JobManager implements vscode.Disposable {
  readonly store: JobStore;
  readonly storeFolder: string;
  private readonly followers = new Map<string, AbortController>();
  private readonly series = new Map<string, Series>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly pointsEmitter = new vscode.EventEmitter<PointsEvent>();
  private readonly logEmitter = new vscode.EventEmitter<{ jobId: string; text: string }>();
  private readonly notifyEmitter = new vscode.EventEmitter<JobNotification>();
  /** A followed job ended (finished, failed, lost) or raised an alert. */
  readonly onNotify = this.notifyEmitter.event;
  /** Fired when a job's record (state, progress) or the set of jobs changes. */
  readonly onDidChange = this.changed.event;
  readonly onPoints = this.pointsEmitter.event;
  readonly onLogText = this.logEmitter.event;
  private connector: ((target: HostTarget) => Promise<RemoteHost>) | undefined;
  /** Replaces the host-key modal (integration tests only: VS Code refuses modals there). */
  hostKeyPrompt: typeof askHostKey | undefined;
  /** SecretStorage keys written, so "forget" can delete exactly those. */
  private readonly secretKeysState = 'tunelab.jobs.secretKeys';

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
  ) {
    this.storeFolder = join((context.storageUri ?? context.globalStorageUri).fsPath, 'jobs');
    this.store = new JobStore(this.storeFolder);
  }

  list(): JobRecord[] {
    return this.store.list();
  }

  get(id: string): JobRecord | undefined {
    return this.store.get(id);
  }

  isFollowing(id: string): boolean {
    return this.followers.has(id);
  }

  /** Points and alerts of a job, loaded from the journal on first use. */
  seriesOf(id: string): { points: readonly MetricPoint[]; alerts: readonly TrainingAlert[] } {
    let series = this.series.get(id);
    if (!series) {
      const detector = new AlertDetector(this.store.get(id)?.algorithm ?? this.store.get(id)?.stage);
      const points = this.store.journal(id).points;
      const alerts = points.flatMap((p, i) => detector.add(p, i));
      series = { points, alerts, detector };
      this.series.set(id, series);
    }
    return series;
  }

  /** Opens a connection (the host-key modal and secret prompts appear as needed). */
  connect(target: HostTarget): Promise<RemoteHost> {
    this.connector ??= this.createConnector();
    return this.connector(target);
  }

  private createConnector(): (target: HostTarget) => Promise<RemoteHost> {
    const remote = remoteModule(this.context.extensionPath);
    this.logger.info('loaded the SSH module');
    const sshConfig = join(homedir(), '.ssh', 'config');
    const connect = remote.hostConnector({
      sshConfigText: existsSync(sshConfig) ? readFileSync(sshConfig, 'utf8') : undefined,
      trustStoreFile: join(this.context.globalStorageUri.fsPath, 'known_hosts'),
      // VS Code refuses modal dialogs while running extension tests: they answer through hostKeyPrompt.
      askHostKey: (where, keyType, fingerprint) => (this.hostKeyPrompt ?? askHostKey)(where, keyType, fingerprint),
      credentials: secretCredentials(this.context.secrets, (key) => {
        const keys = new Set(this.context.globalState.get<string[]>(this.secretKeysState, []));
        keys.add(key);
        void this.context.globalState.update(this.secretKeysState, [...keys]);
      }),
      connectTimeoutSeconds: readSettings()['jobs.connectTimeoutSeconds'],
    });
    return async (target) => {
      this.logger.info(
        `connecting to ${target.user ? `${target.user}@` : ''}${target.host}:${target.port}${target.proxyJump ? ` via ${target.proxyJump}` : ''}`,
      );
      return connect(target);
    };
  }

  /** Deletes every passphrase and password TuneLab stored. */
  async forgetSecrets(): Promise<number> {
    const keys = this.context.globalState.get<string[]>(this.secretKeysState, []);
    for (const key of keys) await this.context.secrets.delete(key);
    await this.context.globalState.update(this.secretKeysState, []);
    return keys.length;
  }

  /** Starts a job; `beforeStart` runs on the open connection first (the GPU check). */
  async launch(request: LaunchRequest, progress: LaunchProgress, beforeStart?: (host: RemoteHost) => Promise<void>): Promise<JobRecord> {
    const host = await this.connect(request.target);
    let record: JobRecord;
    try {
      await beforeStart?.(host);
      record = await launchJob(host, request, progress);
    } finally {
      host.close();
    }
    this.store.save(record);
    this.logger.info(`started job ${record.id} on ${record.target.name}: ${record.command}`);
    this.changed.fire();
    this.follow(record.id);
    return record;
  }

  /** Starts one launcher per host (the port pre-check first); rank 0's record is followed as any job. */
  async launchMulti(request: MultiHostLaunchRequest, progress: LaunchProgress): Promise<JobRecord> {
    const record = await launchMultiHost((t) => this.connect(t), request, progress);
    this.store.save(record);
    this.logger.info(`started job ${record.id} on ${request.targets.map((t) => t.name).join(', ')}: ${record.command}`);
    this.changed.fire();
    this.follow(record.id);
    return record;
  }

  /** Follows a job until it ends (no-op when already following). */
  follow(id: string): void {
    const record = this.store.get(id);
    if (!record || this.followers.has(id)) return;
    if (record.detached) this.store.update(id, { detached: false });
    const controller = new AbortController();
    this.followers.set(id, controller);
    const series = this.seriesOf(id) as Series;
    const offsets = this.store.journal(id).offsets;
    this.changed.fire();
    void followJob(
      record,
      offsets,
      {
        points: (batch) => {
          this.store.append(id, batch);
          const start = series.points.length;
          series.points.push(...batch.points);
          const alerts = batch.points.flatMap((p, i) => series.detector.add(p, start + i));
          series.alerts.push(...alerts);
          for (const alert of alerts) {
            this.logger.warn(`job ${id}: ${alert.kind} at step ${alert.step ?? '?'}`);
            const notification = alertNotification(this.store.get(id) ?? record, alert);
            if (notification) this.notifyEmitter.fire(notification);
          }
          if (batch.progress) this.store.update(id, { progress: batch.progress });
          if (batch.summary) this.store.update(id, { summary: batch.summary });
          if (batch.points.length) this.pointsEmitter.fire({ jobId: id, points: batch.points, alerts });
          if (batch.progress) this.changed.fire();
        },
        logText: (text) => this.logEmitter.fire({ jobId: id, text }),
        state: (change) => {
          const previous = this.store.get(id)?.state;
          this.store.update(id, change);
          const updated = this.store.get(id);
          const notification = change.state && updated ? stateNotification(updated, previous, change.state, updated.exitCode) : undefined;
          if (notification) this.notifyEmitter.fire(notification);
          this.changed.fire();
        },
        reconnecting: (attempt, delayMs, error) => {
          this.logger.warn(
            `job ${id}: connection lost (${error instanceof Error ? error.message : String(error)}); reconnecting in ${delayMs} ms (attempt ${attempt})`,
          );
        },
      },
      { connect: () => this.connect(record.target), signal: controller.signal },
    ).then(
      (final) => {
        this.followers.delete(id);
        if (controller.signal.aborted) this.store.update(id, { detached: true });
        else this.logger.info(`job ${id} ended: ${final.state ?? '?'}${final.exitCode !== undefined ? ` (exit code ${final.exitCode})` : ''}`);
        // Rank 0 has ended: the job's state is every host's together (another host may have failed).
        if (!controller.signal.aborted && record.multiHost) void this.refreshMulti(record, true);
        this.changed.fire();
      },
      (error: unknown) => {
        this.followers.delete(id);
        this.logger.error(`following job ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        // A refused host key stops following at once: say why, where the user looks.
        void vscode.window.showErrorMessage(vscode.l10n.t('Stopped following {0}: {1}', id, explainJobError(error)));
        this.changed.fire();
      },
    );
  }

  /** Stops following (the job keeps running on the host); re-attach resumes. */
  detach(id: string): void {
    this.followers.get(id)?.abort();
  }

  /** Follows every job that was running when VS Code last closed. */
  resume(): void {
    for (const record of this.store.list()) if (isActive(record.state) && !record.detached) this.follow(record.id);
  }

  async cancel(id: string): Promise<string> {
    const record = this.store.get(id);
    if (!record) return 'missing';
    if (record.multiHost) {
      const { result, nodes } = await cancelMultiHost((t) => this.connect(t), record, readSettings()['jobs.cancelGraceSeconds']);
      this.logger.info(`job ${id}: cancel → ${nodes.map((n) => `${n.name}: ${n.result ?? n.error ?? '?'}`).join(', ')}`);
      await this.refreshMulti(record);
      return result;
    }
    const host = await this.connect(record.target);
    try {
      const result = await cancelJob(host, record, readSettings()['jobs.cancelGraceSeconds']);
      const status = (await jobStatuses(host, [record])).get(id);
      if (status) this.store.update(id, statusChange(record, status));
      this.logger.info(`job ${id}: cancel → ${result}`);
      this.changed.fire();
      return result;
    } finally {
      host.close();
    }
  }

  async deleteJob(id: string): Promise<void> {
    const record = this.store.get(id);
    if (!record) return;
    if (record.multiHost) await deleteMultiHost((t) => this.connect(t), record);
    else {
      const host = await this.connect(record.target);
      try {
        await deleteJobFolder(host, record);
      } finally {
        host.close();
      }
    }
    this.detach(id);
    this.store.remove(id);
    this.series.delete(id);
    this.changed.fire();
  }

  /** Asks each host about its jobs that were running, one connection per host. */
  async refresh(): Promise<void> {
    const byHost = new Map<string, JobRecord[]>();
    for (const record of this.store.list().filter((r) => isActive(r.state) && !this.followers.has(r.id))) {
      if (record.multiHost) {
        await this.refreshMulti(record);
        continue;
      }
      const key = `${record.target.user ?? ''}@${record.target.host}:${record.target.port}`;
      byHost.set(key, [...(byHost.get(key) ?? []), record]);
    }
    for (const records of byHost.values()) {
      try {
        const host = await this.connect(records[0].target);
        try {
          for (const [id, status] of await jobStatuses(host, records))
            this.store.update(id, statusChange(records.find((r) => r.id === id) ?? records[0], status));
        } finally {
          host.close();
        }
      } catch (error) {
        this.logger.warn(`${records[0].target.name}: could not refresh (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    this.changed.fire();
  }

  /** A multi-host job's state from every host (a host out of reach keeps the last known state). */
  private async refreshMulti(record: JobRecord, onlyIfEnded = false): Promise<void> {
    try {
      const status = await multiHostStatus((t) => this.connect(t), record);
      // Right after rank 0 ends, the others may still be winding down: rank 0's end stays shown.
      if (onlyIfEnded && isActive(status.state)) return;
      this.store.update(record.id, statusChange(record, status));
      this.changed.fire();
    } catch (error) {
      this.logger.warn(`${record.id}: could not refresh (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  dispose(): void {
    for (const controller of this.followers.values()) controller.abort();
    this.changed.dispose();
    this.pointsEmitter.dispose();
    this.logEmitter.dispose();
    this.notifyEmitter.dispose();
  }
}
