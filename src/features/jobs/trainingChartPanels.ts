import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { topLevelValues } from '../../core/config/document/configTree';
import { configFormatOf, parseConfig } from '../../core/config/document/parseConfig';
import { compareRuns } from '../../core/jobs/compareRuns';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { jobTitle } from '../../core/jobs/jobRecord';
import { formatDuration } from '../../core/jobs/notifications';
import { formatCompact } from '../../shared/chartFormat';
import type { TrainingAlert } from '../../core/jobs/metrics/alertKinds';
import type { MetricPoint } from '../../core/jobs/metrics/metricPoint';
import { pointsCsv } from '../../shared/chartSeries';
import { TRAINING_CHART_UI_STATE_VERSION, TRAINING_CHART_VIEW_TYPE } from '../../shared/protocol/trainingChart';
import type { ChartAlert, ChartDescription, ChartHostSide, ChartPoint, ChartRun, ChartUiState, ChartWebviewSide } from '../../shared/protocol/trainingChart';
import type { RpcEndpoint } from '../../shared/protocol/rpc';
import { connectWebview } from '../../platform/webviewEndpoint';
import { renderWebviewHtml, webviewOptions } from '../../platform/webviewHtml';
import { chartStrings } from './chartStrings';
import type { JobManager } from './jobManager';
import { progressText, stateLabel } from './jobPresentation';

type ChartEndpoint = RpcEndpoint<ChartHostSide, ChartWebviewSide>;

export function chartPoint(point: MetricPoint): ChartPoint {
  const values: ChartPoint['values'] = {};
  for (const [k, v] of Object.entries(point.values)) values[k] = Number.isFinite(v) ? v : (String(v) as 'NaN' | 'Infinity' | '-Infinity');
  return { source: point.source, step: point.step, epoch: point.epoch, elapsed: point.elapsed, values };
}

/** The top-level values of the config a job was launched with (recorded at launch; else the local file, if still there). */
function configValues(record: JobRecord): Readonly<Record<string, unknown>> | undefined {
  if (record.hyperparameters) return record.hyperparameters;
  if (!record.configLocal || !existsSync(record.configLocal)) return undefined;
  try {
    return topLevelValues(parseConfig(readFileSync(record.configLocal, 'utf8'), configFormatOf(record.configLocal) ?? 'yaml'));
  } catch {
    return undefined;
  }
}

/** The end-of-run summary in words: runtime, samples/s, mean training loss. */
function summaryText(record: JobRecord): string | undefined {
  const s = record.summary;
  if (!s) return undefined;
  return vscode.l10n.t(
    'Run summary: {0}, {1} samples/s, mean training loss {2}',
    s.runtime !== undefined ? formatDuration(s.runtime) : '?',
    s.samplesPerSecond !== undefined ? formatCompact(s.samplesPerSecond, 3) : '?',
    s.meanLoss !== undefined ? formatCompact(s.meanLoss) : '?',
  );
}

function chartAlert(alert: TrainingAlert): ChartAlert {
  return { kind: alert.kind, step: alert.step, text: vscode.l10n.t(alert.message, ...alert.args) };
}

interface OpenChart {
  panel: vscode.WebviewPanel;
  endpoint: ChartEndpoint;
  jobId: string;
  overlays: string[];
}

/**
 * Chart panels, one per job. The page gets a snapshot whenever it starts (first open, window
 * reload, shown again after being hidden) and live points only while it is visible: a hidden
 * panel's page is discarded (no retained context), so nothing queues up for it.
 */
export class TrainingChartPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<ChartUiState> {
  private readonly open = new Set<OpenChart>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly jobs: JobManager,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(
      jobs.onPoints(({ jobId, points, alerts }) => {
        for (const chart of this.open) {
          if (!chart.panel.visible || (chart.jobId !== jobId && !chart.overlays.includes(jobId))) continue;
          chart.endpoint.notify('points', { jobId, points: points.map(chartPoint), alerts: chart.jobId === jobId ? alerts.map(chartAlert) : [] });
        }
      }),
      jobs.onDidChange(() => {
        for (const chart of this.open) {
          if (!chart.panel.visible) continue;
          for (const id of [chart.jobId, ...chart.overlays]) {
            const record = jobs.get(id);
            if (record)
              chart.endpoint.notify('runState', {
                jobId: id,
                state: stateLabel(record.state),
                progress: progressText(record),
                summary: summaryText(record),
                totalSteps: record.progress?.total,
              });
          }
        }
      }),
    );
  }

  show(jobId: string): void {
    const existing = [...this.open].find((c) => c.jobId === jobId);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const record = this.jobs.get(jobId);
    const panel = vscode.window.createWebviewPanel(
      TRAINING_CHART_VIEW_TYPE,
      vscode.l10n.t('Chart: {0}', record ? jobTitle(record) : jobId),
      vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri),
    );
    this.attach(panel, jobId, []);
  }

  /** A panel restored after a window reload: the same job and overlays, points from the store. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ChartUiState | undefined): Thenable<void> {
    if (!state?.jobId || !this.jobs.get(state.jobId)) {
      panel.dispose();
      return Promise.resolve();
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(
      panel,
      state.jobId,
      state.overlays.filter((id) => this.jobs.get(id)),
    );
    return Promise.resolve();
  }

  /** What the open charts show, asked of their pages (for tests and diagnostics). */
  async describe(jobId: string, timeoutMs = 20_000): Promise<ChartDescription | undefined> {
    const chart = [...this.open].find((c) => c.jobId === jobId);
    if (!chart) return undefined;
    await chart.endpoint.whenReady();
    return chart.endpoint.request('describe', undefined, { timeoutMs });
  }

  private run(id: string): ChartRun {
    const record = this.jobs.get(id);
    const series = this.jobs.seriesOf(id);
    return {
      jobId: id,
      title: record ? jobTitle(record) : id,
      state: record ? stateLabel(record.state) : '',
      progress: record ? progressText(record) : undefined,
      totalSteps: record?.progress?.total,
      summary: record ? summaryText(record) : undefined,
      points: series.points.map(chartPoint),
      alerts: series.alerts.map(chartAlert),
    };
  }

  private attach(panel: vscode.WebviewPanel, jobId: string, overlays: string[]): void {
    const chart = { panel, jobId, overlays } as OpenChart;
    const { endpoint, disposable } = connectWebview<ChartHostSide, ChartWebviewSide>({
      webview: panel.webview,
      panel,
      logger: this.logger,
      notificationHandlers: {},
      requestHandlers: {
        ready: () => ({ jobId: chart.jobId, overlays: chart.overlays }),
        snapshot: ({ jobIds }) => jobIds.filter((id) => this.jobs.get(id)).map((id) => this.run(id)),
        listRuns: () => this.jobs.list().map((r) => ({ jobId: r.id, title: jobTitle(r), state: stateLabel(r.state) })),
        compare: ({ jobIds }) =>
          compareRuns(
            jobIds.flatMap((id) => {
              const record = this.jobs.get(id);
              return record ? [{ record, config: configValues(record), points: this.jobs.seriesOf(id).points }] : [];
            }),
          ),
        setOverlays: ({ overlays: next }) => {
          chart.overlays = next.filter((id) => id !== chart.jobId && this.jobs.get(id));
        },
        savePng: async ({ dataUrl }) => {
          const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
          if (!match) return {};
          const target = await vscode.window.showSaveDialog({ defaultUri: this.defaultUri(`${chart.jobId}.png`), filters: { PNG: ['png'] } });
          if (!target) return {};
          await writeFile(target.fsPath, Buffer.from(match[1], 'base64'));
          return { written: target.fsPath };
        },
        saveCsv: async () => {
          const target = await vscode.window.showSaveDialog({ defaultUri: this.defaultUri(`${chart.jobId}.csv`), filters: { CSV: ['csv'] } });
          if (!target) return {};
          const runs = [chart.jobId, ...chart.overlays].map((id) => ({ jobId: id, points: this.jobs.seriesOf(id).points.map(chartPoint) }));
          await writeFile(target.fsPath, pointsCsv(runs));
          return { written: target.fsPath };
        },
      },
    });
    chart.endpoint = endpoint;
    this.open.add(chart);
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      app: 'trainingChart',
      title: panel.title,
      bootstrap: { strings: chartStrings(), uiStateVersion: TRAINING_CHART_UI_STATE_VERSION },
    });
    panel.onDidDispose(() => {
      disposable.dispose();
      this.open.delete(chart);
    });
  }

  private defaultUri(name: string): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
  }

  dispose(): void {
    for (const chart of this.open) chart.panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
