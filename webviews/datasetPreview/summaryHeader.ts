import type { Chart } from 'chart.js';
import type { FindingCode, Severity } from '../../src/shared/findings';
import { entriesByCode, severityRank } from '../../src/shared/findings';
import { formatMessage } from '../../src/shared/format';
import type { AnalysisStatus, DatasetPreviewStrings, IndexStatus } from '../../src/shared/protocol/datasetPreview';
import { findingsChart, mixChart } from './charts';
import { el } from './dom';

type Summary = NonNullable<AnalysisStatus['summary']>;

/**
 * File, format, records, flagged share, progress, and the findings and mix charts. The charts
 * sit in a collapsible area of fixed height that is there from the start (with a note while
 * the check runs), so the table does not move when they arrive.
 */
export class SummaryHeader {
  readonly element: HTMLElement;
  private readonly title = el('span', 'file-name');
  private readonly facts = el('span', 'facts');
  private readonly progress = document.createElement('vscode-progress-bar');
  private readonly status = el('span', 'status');
  private readonly toggle = el('button', 'charts-toggle');
  private readonly charts = el('div', 'charts');
  private drawn: Chart[] = [];
  private last: { summary: Summary; severities: Map<string, Severity> } | undefined;
  private collapsedValue = false;

  constructor(
    private readonly strings: DatasetPreviewStrings,
    private readonly onPickCode: (code: FindingCode) => void,
    private readonly onToggle: (collapsed: boolean) => void,
  ) {
    this.element = el('header', 'summary');
    const line = el('div', 'summary-line');
    this.charts.id = 'tunelab-summary-charts';
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-controls', this.charts.id);
    this.toggle.addEventListener('click', () => {
      this.setCollapsed(!this.collapsedValue);
      this.onToggle(this.collapsedValue);
    });
    line.append(this.toggle, this.title, this.facts, this.status);
    this.charts.append(el('p', 'charts-pending', strings.chartsPending));
    this.element.append(line, this.progress, this.charts);
    this.setCollapsed(false);
  }

  get chartCount(): number {
    return this.drawn.length;
  }

  get collapsed(): boolean {
    return this.collapsedValue;
  }

  /** The tick colour the drawn charts actually use (read back from chart.js). */
  get chartTextColor(): string | undefined {
    const ticks = this.drawn[0]?.options.scales?.x?.ticks as { color?: unknown } | undefined;
    return typeof ticks?.color === 'string' ? ticks.color : undefined;
  }

  setCollapsed(collapsed: boolean): void {
    this.collapsedValue = collapsed;
    this.charts.hidden = collapsed;
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.toggle.textContent = `${collapsed ? '▸' : '▾'} ${this.strings.charts}`;
    this.toggle.title = collapsed ? this.strings.showCharts : this.strings.hideCharts;
    if (collapsed) this.destroyCharts();
    else this.redraw();
  }

  setFile(name: string): void {
    this.title.textContent = name;
  }

  update(index: IndexStatus, analysis: AnalysisStatus, severities: Map<string, Severity>): void {
    const s = this.strings;
    const facts = [formatMessage(s.recordCount, index.records.toLocaleString())];
    const summary = analysis.state === 'done' ? analysis.summary : undefined;
    if (summary?.format) facts.unshift(summary.format);
    if (summary) facts.push(formatMessage(s.flagged, summary.flaggedRecords.toLocaleString(), (summary.flaggedShare * 100).toFixed(1)));
    this.facts.textContent = facts.join(' · ');
    const indexing = !index.done;
    const analysing = analysis.state === 'running';
    this.progress.hidden = !indexing && !analysing;
    this.status.textContent = index.error
      ? formatMessage(s.loadFailed, index.error)
      : indexing
        ? formatMessage(s.indexing, index.totalBytes ? Math.floor((100 * index.bytesScanned) / index.totalBytes) : 0)
        : analysing
          ? formatMessage(s.analysing, Math.floor(analysis.progress * 100))
          : analysis.state === 'failed'
            ? (analysis.error ?? '')
            : '';
    if (summary) {
      this.last = { summary, severities };
      this.redraw();
    }
  }

  /** Draws the charts again from the last summary: after a theme change, with its colours. */
  redraw(): void {
    if (!this.last || this.collapsedValue) return;
    this.drawCharts(this.last.summary, this.last.severities);
  }

  private destroyCharts(): void {
    for (const chart of this.drawn) chart.destroy();
    this.drawn = [];
  }

  private drawCharts(summary: Summary, severities: Map<string, Severity>): void {
    this.destroyCharts();
    const codes = entriesByCode(summary.recordsByCode)
      .map(([code, records]) => ({ code, records, severity: severities.get(code) ?? 'warning', label: this.strings.codeTitles[code] ?? code }))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.records - a.records);
    const findingsBox = el('figure', 'chart');
    findingsBox.append(el('figcaption', undefined, this.strings.findingsChart));
    const findingsCanvas = el('canvas');
    findingsCanvas.setAttribute('role', 'img');
    findingsCanvas.setAttribute('aria-label', codes.map((c) => `${c.label}: ${c.records}`).join(', '));
    const findingsHolder = el('div', 'chart-canvas');
    findingsHolder.style.height = `${Math.max(120, codes.length * 18 + 30)}px`;
    findingsHolder.append(findingsCanvas);
    findingsBox.append(findingsHolder);
    const mixBox = el('figure', 'chart');
    mixBox.append(el('figcaption', undefined, this.strings.mixChart));
    const classes = Object.entries(summary.mix.classes).filter(([name, n]) => n > 0 || summary.mix.targets.some((t) => t.name === name));
    const className = (name: string) => this.strings.mixClasses[name] ?? name;
    const mixCanvas = el('canvas');
    mixCanvas.setAttribute('role', 'img');
    mixCanvas.setAttribute('aria-label', classes.map(([name, n]) => `${className(name)}: ${n}`).join(', '));
    const mixHolder = el('div', 'chart-canvas');
    mixHolder.style.height = `${Math.max(120, classes.length * 22 + 40)}px`;
    mixHolder.append(mixCanvas);
    mixBox.append(mixHolder);
    this.charts.replaceChildren(...(codes.length ? [findingsBox] : []), mixBox);
    if (codes.length) this.drawn.push(findingsChart(findingsCanvas, this.strings.findingsChart, codes, this.onPickCode));
    const share = (n: number) => (summary.records ? Math.round((1000 * n) / summary.records) / 10 : 0);
    const targets = classes.map(([name]) => {
      const t = summary.mix.targets.find((x) => x.name === name);
      return t ? Math.round(t.target * 1000) / 10 : null;
    });
    this.drawn.push(
      mixChart(
        mixCanvas,
        classes.map(([name]) => className(name)),
        classes.map(([, n]) => share(n)),
        targets,
        { actual: this.strings.actual, target: this.strings.target },
      ),
    );
  }
}
