// The Parquet / Arrow / CSV previewer page: the schema at once, a page of rows at a time (asked
// of the host, which reads only the row group the page falls in), then the findings when the
// background check ends. Every piece of dataset text goes into the DOM with textContent.
import './main.css';
import { COLUMNAR_PREVIEW_MARKER } from '../../src/shared/protocol/columnarPreview';
import type {
  ColumnarAnalysis,
  ColumnarBootstrap,
  ColumnarHostSide,
  ColumnarOpened,
  ColumnarPage,
  ColumnarWebviewSide,
} from '../../src/shared/protocol/columnarPreview';
import { readBootstrap } from '../shared/bootstrap';
import { connectToHost } from '../shared/rpcClient';

const { strings } = readBootstrap<ColumnarBootstrap>();
const MAX_CHARS = 300;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** `{0}` placeholders of a localised template. */
function format(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

const n = (v: number) => v.toLocaleString();

function table(headers: string[], className?: string): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const t = el('table', className);
  const head = el('thead');
  const tr = el('tr');
  for (const h of headers) tr.append(el('th', undefined, h));
  head.append(tr);
  const body = el('tbody');
  t.append(head, body);
  return { table: t, body };
}

const root = el('main');
root.id = COLUMNAR_PREVIEW_MARKER;
const title = el('h1');
const details = el('p', 'details');
const summary = el('p', 'summary', strings.checking);
const schemaSection = el('section', 'schema');
const bar = el('div', 'bar');
const previous = el('button', 'previous', strings.previous);
const next = el('button', 'next', strings.next);
const goLabel = el('label', undefined, `${strings.goToRow} `);
const goInput = el('input', 'go-row');
goInput.type = 'number';
goInput.min = '1';
goLabel.append(goInput);
const go = el('button', 'go', strings.go);
const status = el('span', 'status');
bar.append(previous, next, goLabel, go, status);
const problems = el('ul', 'problems');
const rowsSection = el('section', 'rows-section');
const findingsTitle = el('h2', undefined, strings.findings);
const findingsSection = el('section', 'findings');
root.append(title, details, summary, schemaSection, bar, problems, rowsSection, findingsTitle, findingsSection);
document.body.append(root);

let opened: ColumnarOpened | undefined;
let analysis: ColumnarAnalysis = { state: 'running' };
let shown: ColumnarPage | undefined;
let selectedRow: number | undefined;
let requested = 0;

const host = connectToHost<ColumnarWebviewSide, ColumnarHostSide>(
  {
    describeView: () => ({
      start: shown?.start ?? -1,
      rows: shown?.rows.map((r) => r.row) ?? [],
      findings: analysis.state === 'done' ? analysis.findings.length : 0,
      analysis: analysis.state,
    }),
  },
  {
    analysis: (state) => {
      analysis = state;
      renderAnalysis();
      // Rows learn their finding counts once the check is done.
      if (state.state === 'done' && shown) void showPage(shown.start, selectedRow);
    },
    revealRow: ({ row }) => void showRow(row),
  },
);

function renderSchema(o: ColumnarOpened): void {
  title.textContent = o.fileName;
  details.textContent = o.rows !== undefined ? `${o.details}; ${format(strings.rowCount, n(o.rows))}` : o.details;
  schemaSection.replaceChildren();
  if (!o.columns) return;
  schemaSection.append(el('h2', undefined, strings.schema));
  const t = table([strings.column, strings.type, strings.nullable]);
  for (const c of o.columns) {
    const tr = el('tr');
    const type = el('td');
    type.append(el('code', undefined, c.type));
    tr.append(el('td', undefined, c.name), type, el('td', undefined, c.nullable ? strings.yes : strings.no));
    t.body.append(tr);
  }
  schemaSection.append(t.table);
}

function renderAnalysis(): void {
  findingsSection.replaceChildren();
  if (analysis.state === 'running') {
    summary.textContent = strings.checking;
    findingsSection.append(el('p', 'status', strings.checking));
    return;
  }
  if (analysis.state === 'failed') {
    summary.textContent = format(strings.failed, analysis.error);
    return;
  }
  summary.textContent = analysis.summary;
  if (analysis.findings.length === 0) {
    findingsSection.append(el('p', undefined, strings.none));
    return;
  }
  const t = table([strings.severity, strings.code, strings.where, strings.message], 'finding-list');
  for (const f of analysis.findings) {
    const tr = el('tr', 'finding');
    const where = el('td');
    if (f.row > 0) {
      const jump = el('button', 'link jump', f.where);
      jump.dataset.row = String(f.row);
      jump.addEventListener('click', () => void showRow(f.row));
      where.append(jump);
    }
    tr.append(el('td', f.severity === 'error' || f.severity === 'warning' ? f.severity : '', f.severity), el('td'), where, el('td', 'message', f.message));
    tr.children[1].append(el('code', undefined, f.code));
    t.body.append(tr);
  }
  findingsSection.append(t.table);
  if (analysis.total > analysis.findings.length) findingsSection.append(el('p', undefined, format(strings.shown, analysis.findings.length, analysis.total)));
}

function renderPage(page: ColumnarPage): void {
  if (!opened?.columns) return;
  const last = page.rows.length ? page.rows[page.rows.length - 1].row : page.start;
  const total = page.totalRows ?? opened.rows;
  status.textContent =
    total !== undefined
      ? format(strings.rowsOf, n(page.start + 1), n(Math.max(last, page.start + 1)), n(total))
      : format(strings.rowsOfUnknown, n(page.start + 1), n(last));
  previous.disabled = page.start === 0;
  next.disabled = page.end;
  problems.replaceChildren(...page.problems.map((p) => el('li', 'error', `${strings.unreadable} ${p}`)));
  const t = table([strings.row, ...opened.columns.map((c) => c.name)], 'rows');
  for (const r of page.rows) {
    const tr = el('tr', r.row === selectedRow ? 'row selected' : 'row');
    tr.dataset.row = String(r.row);
    const head = el('td', 'row-number', n(r.row));
    if (r.findings > 0) head.append(el('span', 'badge', String(r.findings)));
    tr.append(head);
    for (const c of r.cells) {
      const td = el('td', 'cell', c);
      td.title = c;
      tr.append(td);
    }
    t.body.append(tr);
  }
  rowsSection.replaceChildren(t.table);
}

async function showPage(start: number, select?: number): Promise<void> {
  if (!opened?.columns) return;
  const ticket = ++requested;
  selectedRow = select;
  status.textContent = opened.access === 'sequential' ? strings.readingSequential : strings.reading;
  try {
    const page = await host.request('getPage', { start, count: opened.pageSize, maxChars: MAX_CHARS }, { timeoutMs: 600_000 });
    if (ticket !== requested) return; // a later request replaced this one
    shown = page;
    renderPage(page);
    if (select !== undefined) rowsSection.querySelector(`tr[data-row="${select}"]`)?.scrollIntoView({ block: 'center' });
  } catch (error) {
    if (ticket === requested) status.textContent = error instanceof Error ? error.message : String(error);
  }
}

function showRow(row: number): Promise<void> {
  if (!opened) return Promise.resolve();
  const size = opened.pageSize;
  return showPage(Math.floor((Math.max(1, row) - 1) / size) * size, row);
}

previous.addEventListener('click', () => void showPage(Math.max(0, (shown?.start ?? 0) - (opened?.pageSize ?? 0))));
next.addEventListener('click', () => void showPage((shown?.start ?? 0) + (opened?.pageSize ?? 0)));
const jumpToInput = () => {
  const row = Math.floor(Number(goInput.value));
  if (Number.isFinite(row) && row >= 1) void showRow(row);
};
go.addEventListener('click', jumpToInput);
goInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') jumpToInput();
});

void (async () => {
  opened = await host.request('ready', undefined, { timeoutMs: 120_000 });
  renderSchema(opened);
  if (opened.error) {
    bar.hidden = true;
    problems.replaceChildren(el('li', 'error', opened.error));
    return;
  }
  renderAnalysis();
  await showPage(0);
})();
