import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** A theme colour from VS Code's CSS variables, with a fallback. */
export function themeColor(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

const SEVERITY_COLORS: Record<string, [string, string]> = {
  error: ['--vscode-charts-red', '#f14c4c'],
  warning: ['--vscode-charts-yellow', '#cca700'],
  info: ['--vscode-charts-blue', '#3794ff'],
  hint: ['--vscode-charts-green', '#89d185'],
};

function baseOptions(onClick?: (index: number) => void) {
  const text = themeColor('--vscode-foreground', '#ccc');
  const grid = themeColor('--vscode-panel-border', 'rgba(128,128,128,0.3)');
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: 'y' as const,
    plugins: { legend: { labels: { color: text } } },
    scales: {
      x: { ticks: { color: text, precision: 0 }, grid: { color: grid }, beginAtZero: true },
      y: { ticks: { color: text, autoSkip: false }, grid: { display: false } },
    },
    onClick: onClick ? (_event: unknown, elements: Array<{ index: number }>) => elements[0] && onClick(elements[0].index) : undefined,
  };
}

/** Records per finding code, coloured by severity; clicking a bar filters the table to that code. */
export function findingsChart<C extends string>(
  canvas: HTMLCanvasElement,
  title: string,
  entries: Array<{ code: C; label: string; records: number; severity: string }>,
  onPick: (code: C) => void,
): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: entries.map((e) => e.label),
      datasets: [
        {
          label: title,
          data: entries.map((e) => e.records),
          backgroundColor: entries.map((e) => themeColor(...(SEVERITY_COLORS[e.severity] ?? SEVERITY_COLORS.info))),
        },
      ],
    },
    options: { ...baseOptions((i) => onPick(entries[i].code)), plugins: { legend: { display: false } } },
  });
}

/** Share of each structure class (and configured targets) in percent. */
export function mixChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  actual: number[],
  target: Array<number | null>,
  names: { actual: string; target: string },
): Chart {
  const datasets = [{ label: names.actual, data: actual, backgroundColor: themeColor('--vscode-charts-blue', '#3794ff') }];
  if (target.some((t) => t !== null))
    datasets.push({ label: names.target, data: target.map((t) => t ?? 0), backgroundColor: themeColor('--vscode-charts-purple', '#b180d7') });
  return new Chart(canvas, { type: 'bar', data: { labels, datasets }, options: baseOptions() });
}
