/**
 * The read-only page of a Parquet or Arrow file in VS Code: its schema and its findings, as
 * static HTML (no script). Pure, so the escaping of dataset text (column names, messages that
 * quote cells) is unit-tested without VS Code: every piece of text goes through escapeHtmlText.
 */
import type { ColumnarSchema } from '../dataset/columnar/columnarSchema';
import { escapeHtmlText } from './htmlDocument';

export const COLUMNAR_PAGE_MARKER = 'tunelab-columnar-preview';

export interface ColumnarPageRow {
  severity: string;
  code: string;
  /** `row 12 column output`, or empty for the whole file. */
  where: string;
  message: string;
}

export interface ColumnarPageParts {
  cspSource: string;
  nonce: string;
  lang: string;
  title: string;
  /** Localised: the summary line (records, format, flagged share). */
  summary: string;
  table?: ColumnarSchema;
  findings: ColumnarPageRow[];
  /** How many findings there are in all (the page lists at most `findings.length`). */
  total: number;
  strings: {
    schema: string;
    column: string;
    type: string;
    nullable: string;
    yes: string;
    no: string;
    findings: string;
    where: string;
    severity: string;
    code: string;
    message: string;
    none: string;
    shown: string;
    details: string;
  };
}

const STYLE = `body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 16px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{text-align:left;padding:2px 10px;border-bottom:1px solid var(--vscode-panel-border);vertical-align:top}
td.message{white-space:pre-wrap;word-break:break-word}.error{color:var(--vscode-errorForeground)}.warning{color:var(--vscode-editorWarning-foreground)}`;

export function buildColumnarPage(p: ColumnarPageParts): string {
  const e = escapeHtmlText;
  const s = p.strings;
  const schema = p.table
    ? `<h2>${e(s.schema)}</h2><p>${e(s.details)}</p><table><thead><tr><th>${e(s.column)}</th><th>${e(s.type)}</th><th>${e(s.nullable)}</th></tr></thead><tbody>${p.table.columns
        .map((c) => `<tr><td>${e(c.name)}</td><td><code>${e(c.type)}</code></td><td>${e(c.nullable ? s.yes : s.no)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const rows = p.findings
    .map(
      (f) =>
        `<tr><td class="${f.severity === 'error' || f.severity === 'warning' ? f.severity : ''}">${e(f.severity)}</td><td><code>${e(f.code)}</code></td><td>${e(f.where)}</td><td class="message">${e(f.message)}</td></tr>`,
    )
    .join('');
  const findings = p.findings.length
    ? `<table><thead><tr><th>${e(s.severity)}</th><th>${e(s.code)}</th><th>${e(s.where)}</th><th>${e(s.message)}</th></tr></thead><tbody>${rows}</tbody></table>${p.total > p.findings.length ? `<p>${e(s.shown)}</p>` : ''}`
    : `<p>${e(s.none)}</p>`;
  return `<!DOCTYPE html>
<html lang="${e(p.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${e(p.nonce)}'; img-src ${e(p.cspSource)}; script-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${e(p.title)}</title>
<style nonce="${e(p.nonce)}">${STYLE}</style>
</head>
<body>
<main id="${COLUMNAR_PAGE_MARKER}">
<h1>${e(p.title)}</h1>
<p>${e(p.summary)}</p>
${schema}
<h2>${e(s.findings)}</h2>
${findings}
</main>
</body>
</html>`;
}
