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
  points: ChartPoint[];
  alerts: ChartAlert[];
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
  xAxis: 'step' | 'epoch' | 'time';
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
    runState: { jobId: string; state: string; progress?: string };
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
}
