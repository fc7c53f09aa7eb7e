import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import type { Plugin } from 'chart.js';
import { CHART_PANELS, RunColumns } from '../../src/shared/chartSeries';
import type { XAxis, XY } from '../../src/shared/chartSeries';
import type { ChartRun } from '../../src/shared/protocol/trainingChart';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);

function themeColor(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

const PALETTE: Array<[string, string]> = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-charts-red', '#f14c4c'],
];

/** Vertical dashed lines where alerts were raised (x positions per chart). */
const alertLines: Plugin<'line'> = {
  id: 'tunelabAlerts',
  afterDatasetsDraw(chart) {
    const xs = (chart.options.plugins as { tunelabAlerts?: { xs: number[] } }).tunelabAlerts?.xs ?? [];
    if (!xs.length) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = themeColor('--vscode-charts-red', '#f14c4c');
    ctx.setLineDash([4, 3]);
    for (const x of xs) {
      const px = scales.x.getPixelForValue(x);
      if (px < chartArea.left || px > chartArea.right) continue;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

export interface ViewOptions {
  xAxis: XAxis;
  smoothing: number;
  logScale: boolean;
}

/** Points per series handed to chart.js at most (4 per bucket): about one per pixel column. */
const DRAW_BUCKETS = 600;

/**
 * The panels (loss, learning rate, KL, reward, grad norm), each a chart.js line chart with one
 * dataset per run and metric. Series come min/max-decimated from RunColumns, unparsed and
 * x-sorted, so chart.js never walks a 100k-point run.
 */
export class ChartView {
  private readonly charts = new Map<string, { chart: Chart<'line', XY[]>; section: HTMLElement }>();
  /** Per run, its points pivoted into metric columns, kept across redraws. */
  private readonly columns = new Map<string, RunColumns>();
  /** Theme colours read once: getComputedStyle on every redraw is not free. */
  private readonly palette = PALETTE.map(([variable, fallback]) => themeColor(variable, fallback));
  lastRedrawMs = 0;
  /** Of lastRedrawMs: taking new points in, and chart.js's own update (the rest is our series). */
  lastTimings = { pivotMs: 0, chartMs: 0 };

  constructor(container: HTMLElement, titles: Record<string, string>) {
    for (const panel of CHART_PANELS) {
      const section = document.createElement('section');
      section.className = 'panel empty';
      section.dataset.panel = panel.id;
      const heading = document.createElement('h2');
      heading.textContent = titles[panel.id] ?? panel.id;
      const box = document.createElement('div');
      box.className = 'canvas-box';
      const canvas = document.createElement('canvas');
      box.append(canvas);
      section.append(heading, box);
      container.append(section);
      const text = themeColor('--vscode-foreground', '#ccc');
      const grid = themeColor('--vscode-panel-border', 'rgba(128,128,128,0.3)');
      const chart = new Chart<'line', XY[]>(canvas, {
        type: 'line',
        data: { datasets: [] },
        plugins: [alertLines],
        options: {
          animation: false,
          parsing: false,
          normalized: true,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5 } },
          scales: {
            x: { type: 'linear', ticks: { color: text, maxTicksLimit: 8 }, grid: { color: grid } },
            y: { type: 'linear', ticks: { color: text, maxTicksLimit: 6 }, grid: { color: grid } },
          },
          plugins: {
            legend: { labels: { color: text, boxWidth: 12 } },
            // Decimated before it gets here (RunColumns.drawable), so chart.js never walks 100k points.
            decimation: { enabled: false },
            tooltip: { enabled: true },
          },
        },
      });
      this.charts.set(panel.id, { chart, section });
    }
  }

  /** Redraws every panel from the runs; returns the points handed to chart.js per panel. */
  render(runs: readonly ChartRun[], options: ViewOptions, alertXs: number[]): Record<string, number> {
    const started = performance.now();
    const drawn: Record<string, number> = {};
    let chartMs = 0;
    for (const run of runs) {
      let columns = this.columns.get(run.jobId);
      if (!columns || !columns.append(run.points)) {
        this.columns.set(run.jobId, (columns = new RunColumns()));
        columns.append(run.points);
      }
    }
    const pivoted = performance.now();
    for (const panel of CHART_PANELS) {
      const entry = this.charts.get(panel.id);
      if (!entry) continue;
      const datasets = [];
      let colorIndex = 0;
      for (const [runIndex, run] of runs.entries()) {
        const columns = this.columns.get(run.jobId);
        for (const metric of panel.metrics.filter((m) => columns?.has(m))) {
          const data = columns?.drawable(metric, options.xAxis, options.smoothing, DRAW_BUCKETS) ?? [];
          const color = this.palette[colorIndex++ % this.palette.length];
          if (!data.length) continue;
          datasets.push({ label: runs.length > 1 ? `${metric} · ${run.title}` : metric, data, borderColor: color, backgroundColor: color, borderDash: runIndex > 0 ? [5, 3] : undefined, indexAxis: 'x' as const });
        }
      }
      drawn[panel.id] = datasets.reduce((n, d) => n + d.data.length, 0);
      entry.section.classList.toggle('empty', datasets.length === 0);
      const chart = entry.chart;
      chart.data.datasets = datasets;
      const y = chart.options.scales?.y;
      // A log scale suits loss, learning rate and grad norm; KL and rewards can be negative.
      if (y) (y as { type: string }).type = options.logScale && (panel.id === 'loss' || panel.id === 'learning_rate' || panel.id === 'grad_norm') ? 'logarithmic' : 'linear';
      (chart.options.plugins as { tunelabAlerts?: { xs: number[] } }).tunelabAlerts = { xs: alertXs };
      const updating = performance.now();
      chart.update('none');
      chartMs += performance.now() - updating;
    }
    this.lastRedrawMs = performance.now() - started;
    this.lastTimings = { pivotMs: pivoted - started, chartMs };
    return drawn;
  }

  /** One PNG of every visible panel, stacked, on the editor background. */
  toPng(): string {
    const visible = [...this.charts.values()].filter((c) => !c.section.classList.contains('empty'));
    const width = Math.max(1, ...visible.map((c) => c.chart.canvas.width));
    const height = visible.reduce((h, c) => h + c.chart.canvas.height, 0) || 1;
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = out.getContext('2d');
    if (!ctx) return '';
    ctx.fillStyle = themeColor('--vscode-editor-background', '#1e1e1e');
    ctx.fillRect(0, 0, width, height);
    let y = 0;
    for (const c of visible) {
      ctx.drawImage(c.chart.canvas, 0, y);
      y += c.chart.canvas.height;
    }
    return out.toDataURL('image/png');
  }
}
