import type { ChartRun, ChartStrings, RunComparison } from '../../src/shared/protocol/trainingChart';

/**
 * The compare table shown above the charts when runs are overlaid: one column per run, rows for
 * state, duration and steps, the hyperparameters that differ, and each metric's final and best
 * value. Cells are text (textContent), never HTML: config values come from the user's files.
 */
export function renderCompareTable(
  box: HTMLElement,
  comparison: RunComparison | undefined,
  runs: readonly ChartRun[],
  strings: ChartStrings,
): { header: string[]; rows: string[] } {
  box.replaceChildren();
  box.hidden = !comparison || comparison.jobIds.length < 2;
  if (!comparison || box.hidden) return { header: [], rows: [] };
  const words = strings.compare;
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = words?.title ?? 'Compare runs';
  table.append(caption);
  const head = table.createTHead().insertRow();
  // Runs of one config share a title: the job id tells them apart.
  const header = ['', ...comparison.jobIds.map((id) => `${runs.find((r) => r.jobId === id)?.title ?? ''} · ${id}`)];
  for (const text of header) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  const labels: string[] = [];
  for (const row of comparison.rows) {
    const tr = body.insertRow();
    tr.className = row.kind;
    const th = document.createElement('th');
    const metric = strings.series?.[row.key] ?? row.key;
    const label =
      row.kind === 'info'
        ? ((words as Record<string, string> | undefined)?.[row.key] ?? row.key)
        : row.kind === 'param'
          ? row.key
          : `${metric} · ${row.kind === 'final' ? (words?.final ?? 'final') : (words?.best ?? 'best')}`;
    th.textContent = label;
    // The raw key the trainer logged, for the readable metric names.
    if (row.kind === 'final' || row.kind === 'best') th.title = row.key;
    tr.append(th);
    for (const value of row.values) tr.insertCell().textContent = value;
    labels.push(label);
  }
  box.append(table);
  return { header, rows: labels };
}
