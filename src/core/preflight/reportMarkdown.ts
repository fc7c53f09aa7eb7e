import type { Severity } from '../../shared/findings';
import { msg } from '../../shared/messageTemplate';
import type { PreflightReport, ReportHistogram } from './preflightTypes';

/** Localises a template with its arguments: `vscode.l10n.t` in the extension, the CLI's bundle elsewhere. */
export type Translate = (template: string, args: ReadonlyArray<string | number>) => string;

/**
 * Markdown characters escaped so that data text (dataset names, paths, which come from files
 * the user did not necessarily write) renders as text: no links, no HTML, no emphasis.
 */
export function escapeMarkdown(text: string): string {
  // Every line the report writes starts with its own marker ("- ", "# "), so only inline syntax needs escaping.
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const SEVERITY_LABEL: Record<Severity, string> = { error: msg('error'), warning: msg('warning'), info: msg('note'), hint: msg('hint') };

/** The pre-flight report as Markdown for VS Code's preview: findings, then each section, histograms as text bars. */
export function reportMarkdown(report: PreflightReport, shownPath: string, t: Translate): string {
  const out: string[] = [`# ${escapeMarkdown(t(msg('Pre-flight: {0}'), [shownPath]))}`, ''];
  if (report.blocking.length) out.push(`**${escapeMarkdown(t(msg('{0} blocking errors: the run would fail at launch.'), [report.blocking.length]))}**`, '');
  if (report.findings.length) {
    out.push(`## ${escapeMarkdown(t(msg('Findings'), []))}`, '');
    for (const f of report.findings) {
      out.push(
        `- **${escapeMarkdown(t(SEVERITY_LABEL[f.severity], []))}** \`${f.code}\` ${escapeMarkdown(t(msg('line {0}'), [f.range.start.line + 1]))}: ${escapeMarkdown(t(f.message, f.args))}`,
      );
    }
    out.push('');
  } else out.push(escapeMarkdown(t(msg('No findings.'), [])), '');
  for (const section of report.sections) {
    out.push(`## ${escapeMarkdown(t(section.title, []))}`, '');
    for (const line of section.lines) out.push(`${line.detail ? '    ' : ''}- ${escapeMarkdown(t(line.message, line.args))}`);
    out.push('');
    for (const h of section.histograms ?? []) if (h.bins.length) out.push(`### ${escapeMarkdown(t(h.title, []))}`, '', ...histogramBlock(h, t), '');
  }
  return `${out.join('\n')}\n`;
}

/** Bars of █ in a code block (numbers only inside it), with the limit marked. */
function histogramBlock(h: ReportHistogram, t: Translate): string[] {
  const most = Math.max(1, ...h.bins.map((b) => b.count));
  const width = String(h.bins[h.bins.length - 1].upTo).length;
  const lines = ['```text'];
  let marked = false;
  for (const bin of h.bins) {
    const bar = '█'.repeat(Math.round((bin.count / most) * 40)) || (bin.count ? '▏' : '');
    lines.push(`≤ ${String(bin.upTo).padStart(width)} │${bar} ${bin.count}`);
    if (h.limit !== undefined && !marked && bin.upTo >= h.limit) {
      lines.push(`${'─'.repeat(width + 3)}┼ ${t(msg('limit {0}'), [h.limit])}`);
      marked = true;
    }
  }
  lines.push('```');
  return lines;
}
