import './main.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { XAxis } from '../../src/shared/chartSeries';
import { TRAINING_CHART_UI_STATE_VERSION } from '../../src/shared/protocol/trainingChart';
import type { ChartBootstrap, ChartDescription, ChartHostSide, ChartRun, ChartUiState, ChartWebviewSide } from '../../src/shared/protocol/trainingChart';
import { readBootstrap } from '../shared/bootstrap';
import { loadUiState, saveUiState } from '../shared/host';
import { connectToHost } from '../shared/rpcClient';
import { ChartView } from './chartView';
import { renderCompareTable } from './compareTable';

const { strings } = readBootstrap<ChartBootstrap>();
const saved = loadUiState<ChartUiState>(TRAINING_CHART_UI_STATE_VERSION);
const ui: ChartUiState = saved ?? { version: TRAINING_CHART_UI_STATE_VERSION, jobId: '', overlays: [], xAxis: 'step', smoothing: 0, logScale: false };
let runs: ChartRun[] = [];
let drawn: Record<string, number> = {};
let redrawQueued = false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Header: title and state, x axis, smoothing, log scale, overlays, export.
const header = el('header');
const title = el('h1', undefined, strings.title);
const state = el('span', 'state');
const xLabel = el('label', undefined, strings.xAxis);
const xSelect = document.createElement('vscode-single-select') as HTMLElement & { value: string };
xSelect.id = 'x-axis';
for (const [value, label] of [
  ['step', strings.step],
  ['relative', strings.compare?.relativeStep ?? 'Relative step'],
  ['epoch', strings.epoch],
  ['time', strings.time],
] as const) {
  const option = document.createElement('vscode-option') as HTMLElement & { value: string };
  option.value = value;
  option.textContent = label;
  xSelect.append(option);
}
xLabel.append(xSelect);
const smoothLabel = el('label', undefined, strings.smoothing);
const smoothing = document.createElement('input');
smoothing.type = 'range';
smoothing.id = 'smoothing';
smoothing.min = '0';
smoothing.max = '0.99';
smoothing.step = '0.01';
smoothLabel.append(smoothing);
const logScale = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean; label: string };
logScale.id = 'log-scale';
logScale.label = strings.logScale;
const overlayLabel = el('label', undefined, strings.overlay);
const overlay = document.createElement('vscode-multi-select') as HTMLElement & { value: string[] };
overlay.id = 'overlay';
overlayLabel.append(overlay);
const pngButton = el('vscode-button', undefined, strings.exportPng);
pngButton.id = 'export-png';
pngButton.setAttribute('secondary', '');
const csvButton = el('vscode-button', undefined, strings.exportCsv);
csvButton.id = 'export-csv';
csvButton.setAttribute('secondary', '');
header.append(title, state, xLabel, smoothLabel, logScale, overlayLabel, pngButton, csvButton);
const alertList = el('ul', 'alerts');
alertList.setAttribute('role', 'alert');
alertList.setAttribute('aria-label', strings.alerts);
const message = el('div', 'message', strings.noPoints);
const compareBox = el('section', 'compare');
compareBox.id = 'compare';
compareBox.hidden = true;
let compared: { header: string[]; rows: string[] } = { header: [], rows: [] };
const grid = el('div', 'grid');
grid.id = 'tunelab-chart';
document.body.append(header, alertList, compareBox, message, grid);
const view = new ChartView(grid, strings);
// VS Code changes the page's theme class and CSS variables on a live theme switch: read the colours again.
new MutationObserver(() => {
  view.applyTheme();
  scheduleRedraw();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

function alertSteps(): number[] {
  if (ui.xAxis !== 'step') return [];
  return runs[0]?.alerts.flatMap((a) => (a.step === undefined ? [] : [a.step])) ?? [];
}

function redraw(): void {
  redrawQueued = false;
  const main = runs[0];
  state.textContent = main ? [main.title, main.state, main.progress, main.summary].filter(Boolean).join(' · ') : '';
  alertList.replaceChildren(...(main?.alerts ?? []).map((a) => el('li', undefined, a.text)));
  drawn = view.render(runs, { xAxis: ui.xAxis, smoothing: ui.smoothing, logScale: ui.logScale }, alertSteps());
  message.hidden = runs.some((r) => r.points.length > 0);
}

/** Live points arrive in bursts: draw at most once per animation frame. */
function scheduleRedraw(): void {
  if (redrawQueued) return;
  redrawQueued = true;
  requestAnimationFrame(redraw);
}

function persist(): void {
  saveUiState(ui);
}

const endpoint = connectToHost<ChartWebviewSide, ChartHostSide>(
  {
    describe: () => describe(),
  },
  {
    points: ({ jobId, points, alerts }) => {
      const run = runs.find((r) => r.jobId === jobId);
      if (!run) return;
      run.points.push(...points);
      run.alerts.push(...alerts);
      scheduleRedraw();
    },
    runState: ({ jobId, state: runState, progress, summary, totalSteps }) => {
      const run = runs.find((r) => r.jobId === jobId);
      if (!run) return;
      run.state = runState;
      run.progress = progress;
      run.summary = summary;
      run.totalSteps = totalSteps;
      scheduleRedraw();
    },
  },
);

async function loadSnapshot(): Promise<void> {
  runs = await endpoint.request('snapshot', { jobIds: [ui.jobId, ...ui.overlays] });
  redraw();
  const comparison = runs.length > 1 ? await endpoint.request('compare', { jobIds: runs.map((r) => r.jobId) }) : undefined;
  compared = renderCompareTable(compareBox, comparison, runs, strings);
}

async function start(): Promise<void> {
  const { jobId, overlays } = await endpoint.request('ready', { uiStateVersion: TRAINING_CHART_UI_STATE_VERSION });
  ui.jobId = jobId;
  ui.overlays = overlays;
  persist();
  xSelect.value = ui.xAxis;
  smoothing.value = String(ui.smoothing);
  logScale.checked = ui.logScale;
  const others = (await endpoint.request('listRuns', undefined)).filter((r) => r.jobId !== jobId);
  for (const run of others) {
    const option = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
    option.value = run.jobId;
    option.textContent = `${run.title} (${run.state})`;
    option.selected = overlays.includes(run.jobId);
    overlay.append(option);
  }
  overlayLabel.hidden = others.length === 0;
  await loadSnapshot();
}

xSelect.addEventListener('change', () => {
  ui.xAxis = xSelect.value as XAxis;
  persist();
  redraw();
});
smoothing.addEventListener('input', () => {
  ui.smoothing = Number(smoothing.value);
  persist();
  scheduleRedraw();
});
logScale.addEventListener('change', () => {
  ui.logScale = logScale.checked;
  persist();
  redraw();
});
overlay.addEventListener('change', () => {
  ui.overlays = [...overlay.value];
  persist();
  void endpoint.request('setOverlays', { overlays: ui.overlays }).then(loadSnapshot);
});
pngButton.addEventListener('click', () => void endpoint.request('savePng', { dataUrl: view.toPng() }, { timeoutMs: 300_000 }));
csvButton.addEventListener('click', () => void endpoint.request('saveCsv', undefined, { timeoutMs: 300_000 }));

// Tests and the benchmark read what the page shows through `window.tunelabChart` (never the host).
function describe(): ChartDescription {
  return {
    jobId: ui.jobId,
    runs: runs.length,
    drawnPoints: drawn,
    receivedPoints: Object.fromEntries(runs.map((r) => [r.jobId, r.points.length])),
    alerts: runs[0]?.alerts.map((a) => a.text) ?? [],
    xAxis: ui.xAxis,
    lastRedrawMs: view.lastRedrawMs,
    lastTimings: view.lastTimings,
    theme: view.theme,
    klGuides: view.klGuides,
    compare: compared,
    ...view.describeAxes(),
  };
}
Object.defineProperty(window, 'tunelabChart', { get: describe });

void start();
