/**
 * The training chart's protocol: one panel shows one job, optionally overlaid with others.
 * The host sends a full snapshot when the page (re)starts, and new points only while the
 * panel is visible; a hidden panel's page is dropped and asks for a snapshot again.
 */
import type { RequestSpec } from './rpc';

export const TRAINING_CHART_VIEW_TYPE = 'tunelab.trainingChart';
export const TRAINING_CHART_UI_STATE_VERSION = 1;

/** A point as the chart draws it: non-finite values travel as strings (postMessage is JSON-safe either way, CSV is not). */
export interface ChartPoint {
  source: 'trainer-log' | 'stdout';
  step?: number;
  epoch?: number;
  /** Seconds since the job started. */
  elapsed?: number;
  values: Record<string, number | 'NaN' | 'Infinity' | '-Infinity'>;
}

export interface ChartAlert {
  kind: string;
  step?: number;
  /** Localised text. */
  text: string;
}

export interface ChartRun {
  jobId: string;
  title: string;
  state: string;
  /** "123/500", ETA text. */
  progress?: string;
  /** The run's total steps, when known (the KL panel draws the staged KL schedule over them). */
  totalSteps?: number;
  /** The end-of-run summary, as text (runtime, samples/s, mean training loss). */
  summary?: string;
  points: ChartPoint[];
  alerts: ChartAlert[];
}

/** One row of the compare table: a value per run, in the order of `RunComparison.jobIds`. */
export interface ComparisonRow {
  /** A metric or config key (raw: the page names metrics itself). */
  key: string;
  kind: 'info' | 'param' | 'final' | 'best';
  values: string[];
}

export interface RunComparison {
  jobIds: string[];
  rows: ComparisonRow[];
}

export interface ChartStrings {
  title: string;
  xAxis: string;
  step: string;
  epoch: string;
  time: string;
  smoothing: string;
  logScale: string;
  overlay: string;
  exportPng: string;
  exportCsv: string;
  noPoints: string;
  alerts: string;
  /** Panel titles by panel id. */
  panels: Record<string, string>;
  /** Readable series names by metric (the raw key is shown beside them in tooltips). */
  series?: Record<string, string>;
  /** The KL panel's band and schedule labels. */
  klBand?: string;
  klSchedule?: string;
  /** The compare table (shown when runs are overlaid) and the relative-step axis. */
  compare?: { title: string; state: string; duration: string; steps: string; final: string; best: string; relativeStep: string };
}

export interface ChartBootstrap {
  strings: ChartStrings;
  uiStateVersion: number;
}

/** What the page persists across reloads: the jobs shown and the view settings, never points. */
export interface ChartUiState {
  version: number;
  jobId: string;
  overlays: string[];
  xAxis: 'step' | 'epoch' | 'time' | 'relative';
  smoothing: number;
  logScale: boolean;
}

export interface ChartHostSide {
  requests: {
    ready: RequestSpec<{ uiStateVersion: number }, { jobId: string; overlays: string[] }>;
    /** Every point of the main job and the overlays, now. */
    snapshot: RequestSpec<{ jobIds: string[] }, ChartRun[]>;
    /** Jobs that can be overlaid. */
    listRuns: RequestSpec<undefined, Array<{ jobId: string; title: string; state: string }>>;
    setOverlays: RequestSpec<{ overlays: string[] }, void>;
    /** The compare table of these runs: differing hyperparameters, final and best metrics, duration, state. */
    compare: RequestSpec<{ jobIds: string[] }, RunComparison>;
    /** Asks where to save, then writes the chart image. */
    savePng: RequestSpec<{ dataUrl: string }, { written?: string }>;
    /** Asks where to save, then writes every point of the shown runs as CSV. */
    saveCsv: RequestSpec<undefined, { written?: string }>;
  };
  notifications: Record<string, never>;
}

export interface ChartWebviewSide {
  requests: {
    describe: RequestSpec<undefined, ChartDescription>;
  };
  notifications: {
    /** New points (and alerts) of a shown job, in order. */
    points: { jobId: string; points: ChartPoint[]; alerts: ChartAlert[] };
    runState: { jobId: string; state: string; progress?: string; summary?: string; totalSteps?: number };
  };
}

/** What the page shows, for tests and the benchmark. */
export interface ChartDescription {
  jobId: string;
  runs: number;
  /** Points per panel actually handed to chart.js (after decimation, summed over datasets). */
  drawnPoints: Record<string, number>;
  /** Points received per run. */
  receivedPoints: Record<string, number>;
  alerts: string[];
  xAxis: string;
  lastRedrawMs: number;
  /** Parts of lastRedrawMs: new points taken in, and chart.js's own updates. */
  lastTimings: { pivotMs: number; chartMs: number };
  /** The theme the page's colours were last read for (`vscode-light`, `vscode-dark`, `vscode-high-contrast`…) and the tick colour. */
  theme?: { kind: string; tickColor: string };
  /** The y-axis tick labels per visible panel, and the series labels. */
  yTicks?: Record<string, string[]>;
  labels?: Record<string, string[]>;
  /** The compare table as shown: its header and row labels. */
  compare?: { header: string[]; rows: string[] };
  /** Whether the KL panel shows the rules' band, and the staged schedule. */
  klGuides?: { band: boolean; schedule: boolean };
}
