import { relative } from 'node:path';
import type { ConfigCheck } from '../../core/config/checkConfig';
import { estimateMemory } from '../../core/config/facts/memoryEstimate';
import { KIND_LABELS } from '../../core/config/kinds/configKind';
import { targetGpu } from '../../core/config/facts/gpuTarget';
import type { ClusterShape } from '../../core/config/facts/clusterShape';
import { clusterPlan } from '../../core/config/facts/clusterShape';
import type { Settings } from '../../core/settings/settings';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import type { DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import { reportFindings } from '../../core/dataset/analysis/datasetReport';
import { msg } from '../../shared/messageTemplate';
import type { ColumnarReport } from '../../core/dataset/columnar/columnarAnalysis';
import { localize } from '../localize';
import { cellLocation, formatTableLine } from './columnarText';

/**
 * `path:line:col severity code message`, one line a finding (1-based), then the summary; line by
 * line, never one string. Parquet, Arrow and CSV files: `path:row 1234 column output: severity code message`.
 */
export function* textReportLines(report: DatasetReport | ColumnarReport, cwd: string): Generator<string> {
  const path = displayPath(report.source, cwd);
  for (const f of reportFindings(report)) {
    if ('cell' in f) {
      const at = cellLocation(f.cell);
      yield `${path}:${at ? `${at}:` : ''} ${f.severity} ${f.code} ${localize(f.message, f.args)}\n`;
    } else yield `${path}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.code} ${localize(f.message, f.args)}\n`;
  }
  for (const line of formatSummary(report, path)) yield `${line}\n`;
  if ('table' in report && report.table) yield `${formatTableLine(report.table)}\n`;
}

/** The same one-line-a-finding format for a training config, then its kind and counts. */
export function formatConfigTextReport(
  check: ConfigCheck & { kind: ConfigKind },
  path: string,
  cwd: string,
  settings: Settings,
  cluster?: ClusterShape,
): string {
  const shown = displayPath(path, cwd);
  const lines = check.findings.map(
    (f) => `${shown}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.code} ${localize(f.message, f.args)}`,
  );
  const count = (severity: string) => check.findings.filter((f) => f.severity === severity).length;
  lines.push(
    localize(msg('{0}: {1} config ({2}), {3} errors, {4} warnings, {5} notes'), [
      shown,
      localize(KIND_LABELS[check.kind], []),
      check.kind,
      count('error'),
      count('warning'),
      count('info') + count('hint'),
    ]),
  );
  const estimate = check.facts && estimateMemory(check.facts, targetPlans(settings, cluster));
  if (estimate) {
    const plans = estimate.plans.map((p) => `${p.label} ${p.fits ? '✓' : p.fitsWithZero3 ? `✗ (${localize(msg('fits with ZeRO-3'), [])})` : '✗'}`).join(' · ');
    lines.push(`  ${localize(msg('GPU memory ≈ {0} GiB on one GPU'), [estimate.singleGpuGiB.toFixed(1)])} · ${plans}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The findings of a file not read as a config (too large), one line each. */
export function formatConfigFindingLines(check: ConfigCheck, path: string, cwd: string): string {
  const shown = displayPath(path, cwd);
  return check.findings
    .map((f) => `${shown}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.code} ${localize(f.message, f.args)}\n`)
    .join('');
}

/**
 * A file with a few training keys but not enough to name a framework: not checked, with the
 * keys that were seen and how to name the kind, so nobody wonders why it got no findings.
 */
export function formatUnrecognisedConfig(check: ConfigCheck, path: string, cwd: string): string {
  const seen = check.evidence.length ? check.evidence.join(', ') : '—';
  return `${localize(msg('{0}: config kind not recognised, not checked (keys seen: {1}). Name it with "# tunelab: kind=<kind>" at the top of the file or in tunelab.config.kinds.'), [displayPath(path, cwd), seen])}\n`;
}

/** Structure classes in the reader's language (category values are the dataset's own words, left as they are). */
const MIX_CLASS_NAMES: Record<string, string> = {
  'single-turn': msg('single-turn'),
  'multi-turn': msg('multi-turn'),
  'tool-call': msg('tool-call'),
  preference: msg('preference'),
  pretrain: msg('pretrain'),
};

function mixClassName(name: string): string {
  return Object.hasOwn(MIX_CLASS_NAMES, name) ? localize(MIX_CLASS_NAMES[name], []) : name;
}

export function formatSummary(report: DatasetReport, path: string): string[] {
  const s = report.summary;
  const out: string[] = [];
  const percent = (n: number) => `${(n * 100).toFixed(1)}%`;
  const format = s.format ?? '—';
  const info = s.datasetInfoEntry ? localize(msg(', described in dataset_info.json as "{0}"'), [s.datasetInfoEntry]) : '';
  out.push(
    localize(msg('{0}: {1} records ({2}{3}), {4} flagged ({5})'), [
      path,
      s.records.toLocaleString('en-US'),
      format,
      info,
      s.flaggedRecords.toLocaleString('en-US'),
      percent(s.flaggedShare),
    ]),
  );
  const codes = Object.entries(s.recordsByCode).sort((a, b) => b[1] - a[1]);
  if (codes.length) out.push(`  ${localize(msg('records by finding: {0}'), [codes.map(([code, n]) => `${code} ${n}`).join(', ')])}`);
  if (s.records) {
    const classes = Object.entries(s.mix.classes)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${mixClassName(name)} ${percent(n / s.records)}`);
    out.push(`  ${localize(msg('mix: {0}'), [classes.join(', ')])}`);
    const categories = Object.entries(s.mix.categories);
    if (categories.length)
      out.push(
        `  ${localize(msg('by {0}: {1}'), [
          s.mix.categoryField,
          categories
            .slice(0, 10)
            .map(([name, n]) => `${name} ${percent(n / s.records)}`)
            .join(', '),
        ])}`,
      );
    for (const t of s.mix.targets) {
      out.push(
        `  ${localize(msg('target {0}: {1} (actual {2}, {3})'), [mixClassName(t.name), percent(t.target), percent(t.actual), `${t.delta >= 0 ? '+' : ''}${(t.delta * 100).toFixed(1)} pt`])}`,
      );
    }
  }
  return out;
}

export function displayPath(path: string, cwd: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r : path;
}

/** The run's GPUs as one more plan: the cluster shape of `--gpus`/`--nodes`/`--gpu-memory` when given, else the settings. */
function targetPlans(settings: Settings, cluster?: ClusterShape) {
  const target = cluster ? clusterPlan(cluster) : targetGpu(settings);
  return target ? [target] : [];
}
