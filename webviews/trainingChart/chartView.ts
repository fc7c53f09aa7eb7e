import { Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import type { Plugin, Scale, TooltipItem } from 'chart.js';
import { formatCompact, formatTicks, KL_TARGET_BAND, klSchedule } from '../../src/shared/chartFormat';
import { CHART_PANELS, RunColumns } from '../../src/shared/chartSeries';
import type { XAxis, XY } from '../../src/shared/chartSeries';
import type { ChartRun, ChartStrings } from '../../src/shared/protocol/trainingChart';

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

/**
 * The KL panel's band of the rules' KL coefficient (0.05–0.08), shaded behind the series with
 * its label: a reference for a logged coefficient, so it is named as such.
 */
const klBand: Plugin<'line'> = {
  id: 'tunelabKlBand',
  beforeDatasetsDraw(chart) {
    const options = (chart.options.plugins as { tunelabKlBand?: { label: string; color: string } }).tunelabKlBand;
    if (!options) return;
    const { ctx, chartArea, scales } = chart;
    const top = Math.max(chartArea.top, scales.y.getPixelForValue(KL_TARGET_BAND.high));
    const bottom = Math.min(chartArea.bottom, scales.y.getPixelForValue(KL_TARGET_BAND.low));
    if (bottom <= chartArea.top || top >= chartArea.bottom) return;
    ctx.save();
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = options.color;
    ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, Math.max(1, bottom - top));
    ctx.restore();
  },
  // The label goes on top of the series, just above the band, so no line crosses it.
  afterDatasetsDraw(chart) {
    const options = (chart.options.plugins as { tunelabKlBand?: { label: string; color: string } }).tunelabKlBand;
    if (!options) return;
    const { ctx, chartArea, scales } = chart;
    const top = scales.y.getPixelForValue(KL_TARGET_BAND.high);
    if (top < chartArea.top || top > chartArea.bottom) return;
    ctx.save();
    ctx.font = '10px sans-serif';
    ctx.fillStyle = options.color;
    ctx.fillText(options.label, chartArea.left + 4, Math.max(chartArea.top + 10, top - 6));
    ctx.restore();
  },
};

/** Vertical dashed lines where alerts were raised (x positions per chart). */
const alertLines: Plugin<'line'> = {
  id: 'tunelabAlerts',
  afterDatasetsDraw(chart) {
    const xs = (chart.options.plugins as { tunelabAlerts?: { xs: number[] } }).tunelabAlerts?.xs ?? [];
    if (!xs.length) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = (chart.options.plugins as { tunelabAlerts?: { color?: string } }).tunelabAlerts?.color ?? '#f14c4c';
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

/** Tick labels with just enough digits to tell neighbours apart (1e-4, 5e-6, 0.693), worked out once per tick list. */
const tickLabels = new WeakMap<object, string[]>();
function tickLabel(this: Scale, value: number | string, index: number, ticks: Array<{ value: number }>): string {
  let labels = tickLabels.get(ticks);
  if (!labels) tickLabels.set(ticks, (labels = formatTicks(ticks.map((t) => t.value))));
  return labels[index] ?? String(value);
}

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
  /** Theme colours, read again when the theme changes (applyTheme): getComputedStyle on every redraw is not free. */
  private palette = PALETTE.map(([variable, fallback]) => themeColor(variable, fallback));
  private colors = { text: '#ccc', grid: 'rgba(128,128,128,0.3)', alert: '#f14c4c', band: '#cca700' };
  theme = { kind: '', tickColor: '' };
  klGuides = { band: false, schedule: false };
  lastRedrawMs = 0;
  /** Of lastRedrawMs: taking new points in, and chart.js's own update (the rest is our series). */
  lastTimings = { pivotMs: 0, chartMs: 0 };

  constructor(
    container: HTMLElement,
    private readonly strings: ChartStrings,
  ) {
    const titles = strings.panels;
    this.readTheme();
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
      const { text, grid } = this.colors;
      const ticks = (axis: string) => ({ color: text, maxTicksLimit: axis === 'x' ? 8 : 6, callback: tickLabel });
      const chart = new Chart<'line', XY[]>(canvas, {
        type: 'line',
        data: { datasets: [] },
        plugins: [klBand, alertLines],
        options: {
          animation: false,
          parsing: false,
          normalized: true,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5 } },
          scales: {
            x: { type: 'linear', ticks: ticks('x'), grid: { color: grid } },
            y: { type: 'linear', ticks: ticks('y'), grid: { color: grid } },
          },
          plugins: {
            legend: { labels: { color: text, boxWidth: 12 } },
            // Decimated before it gets here (RunColumns.drawable), so chart.js never walks 100k points.
            decimation: { enabled: false },
            tooltip: {
              enabled: true,
              callbacks: {
                title: (items: Array<TooltipItem<'line'>>) => (items[0] ? formatCompact(items[0].parsed.x ?? NaN) : ''),
                // The readable name, the raw key the trainer logged, and a compact value.
                label: (item: TooltipItem<'line'>) => {
                  const raw = (item.dataset as { rawKey?: string }).rawKey;
                  return `${item.dataset.label ?? ''}${raw && raw !== item.dataset.label ? ` (${raw})` : ''}: ${formatCompact(item.parsed.y ?? NaN)}`;
                },
              },
            },
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
          const name = this.strings.series?.[metric] ?? metric;
          datasets.push({
            label: runs.length > 1 ? `${name} · ${run.title}` : name,
            rawKey: metric,
            data,
            borderColor: color,
            backgroundColor: color,
            borderDash: runIndex > 0 ? [5, 3] : undefined,
            indexAxis: 'x' as const,
          });
        }
      }
      drawn[panel.id] = datasets.reduce((n, d) => n + d.data.length, 0);
      const plugins = entry.chart.options.plugins as { tunelabKlBand?: { label: string; color: string } };
      plugins.tunelabKlBand = undefined;
      if (panel.id === 'kl') {
        // The rules' coefficient band, and the staged schedule over the run's total steps when known.
        this.klGuides = { band: datasets.length > 0, schedule: false };
        if (datasets.length) plugins.tunelabKlBand = { label: this.strings.klBand ?? 'KL coefficient target 0.05–0.08', color: this.colors.band };
        const total = runs[0]?.totalSteps;
        if (datasets.length && total && options.xAxis === 'step') {
          datasets.push({
            label: this.strings.klSchedule ?? 'KL schedule',
            rawKey: 'kl_schedule',
            data: klSchedule(total),
            borderColor: this.colors.band,
            backgroundColor: this.colors.band,
            borderDash: [2, 2],
            indexAxis: 'x' as const,
          });
          this.klGuides.schedule = true;
        }
      }
      entry.section.classList.toggle('empty', datasets.length === 0);
      const chart = entry.chart;
      chart.data.datasets = datasets;
      const y = chart.options.scales?.y;
      // A log scale suits loss, learning rate and grad norm; KL and rewards can be negative.
      if (y)
        (y as { type: string }).type =
          options.logScale && (panel.id === 'loss' || panel.id === 'learning_rate' || panel.id === 'grad_norm') ? 'logarithmic' : 'linear';
      (chart.options.plugins as { tunelabAlerts?: { xs: number[]; color: string } }).tunelabAlerts = { xs: alertXs, color: this.colors.alert };
      const updating = performance.now();
      chart.update('none');
      chartMs += performance.now() - updating;
    }
    this.lastRedrawMs = performance.now() - started;
    this.lastTimings = { pivotMs: pivoted - started, chartMs };
    return drawn;
  }

  /**
   * Reads the theme's colours again (the page's CSS variables change on a live theme switch:
   * light, dark, high contrast) and sets them on every chart; the next render recolours series.
   */
  applyTheme(): void {
    this.readTheme();
    for (const { chart } of this.charts.values()) {
      const scales = chart.options.scales as Record<string, { ticks: { color: string }; grid: { color: string } }>;
      for (const axis of ['x', 'y']) {
        scales[axis].ticks.color = this.colors.text;
        scales[axis].grid.color = this.colors.grid;
      }
      const legend = chart.options.plugins?.legend as { labels: { color: string } } | undefined;
      if (legend) legend.labels.color = this.colors.text;
    }
  }

  private readTheme(): void {
    this.palette = PALETTE.map(([variable, fallback]) => themeColor(variable, fallback));
    this.colors = {
      text: themeColor('--vscode-foreground', '#ccc'),
      // High contrast themes have no panel border colour but a contrast border.
      grid: themeColor('--vscode-panel-border', '') || themeColor('--vscode-contrastBorder', 'rgba(128,128,128,0.3)'),
      alert: themeColor('--vscode-charts-red', '#f14c4c'),
      band: themeColor('--vscode-charts-yellow', '#cca700'),
    };
    const kind = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-light', 'vscode-dark'].find((c) => document.body.classList.contains(c)) ?? '';
    this.theme = { kind, tickColor: this.colors.text };
  }

  /** The y tick labels and series labels of each visible panel (tests read them). */
  describeAxes(): { yTicks: Record<string, string[]>; labels: Record<string, string[]> } {
    const yTicks: Record<string, string[]> = {};
    const labels: Record<string, string[]> = {};
    for (const [id, { chart, section }] of this.charts) {
      if (section.classList.contains('empty')) continue;
      yTicks[id] = chart.scales.y.ticks.map((t) => String(t.label));
      labels[id] = chart.data.datasets.map((d) => d.label ?? '');
    }
    return { yTicks, labels };
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
