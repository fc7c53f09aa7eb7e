import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetSummary } from '../datasetSummary';
import type { Finding, FindingCode } from '../../../shared/findings';
import type { CompactFindings } from './compactFindings';
import { MIX_CLASSES } from '../mix/mixClass';
import type { MixClass } from '../mix/mixClass';
import type { SummaryPart } from '../rules/datasetRule';
import type { DatasetState, StageTimings } from './datasetState';
import { NO_FORMAT, formatLabel } from './formatIds';

export type { StageTimings } from './datasetState';

export interface DatasetReport {
  source: string;
  summary: DatasetSummary;
  /**
   * Every finding as an object, in the finding order. Built on first use from `compactFindings`
   * (and kept): the editor's consumers take the whole list; the CLI streams `compactFindings`
   * instead (see `reportFindings`), so a report of millions never has them all as objects.
   */
  findings: Finding[];
  /** The findings in columns, straight from the engine (not enumerable: a report sent to another process carries `findings`). */
  readonly compactFindings?: CompactFindings;
  /** Wall-clock milliseconds per stage, for `--timings` and the benchmark. */
  timings: StageTimings;
}

/** The findings to go through one at a time: built one by one from the columns when the report has them. */
export function reportFindings<R extends { findings: unknown[]; compactFindings?: CompactFindings }>(report: R): Iterable<R['findings'][number] | Finding> {
  return report.compactFindings ?? (report.findings as Iterable<R['findings'][number]>);
}

/** Only the findings' severities (what the CLI's tally needs), without building the findings. */
export function* reportSeverities(report: {
  findings: Array<Pick<Finding, 'severity'>>;
  compactFindings?: CompactFindings;
}): Generator<Pick<Finding, 'severity'>> {
  const compact = report.compactFindings;
  if (!compact) yield* report.findings;
  else for (let k = 0; k < compact.length; k++) yield { severity: compact.severityAt(k) };
}

/** Sorts the findings and builds the summary: counts per code, flagged records, formats, mix, and what the dataset rules add. */
export function buildReport(state: DatasetState, findings: CompactFindings, totalBytes: number, started: number, notADataset = false): DatasetReport {
  findings.sort(state.places());
  const findingsByCode: Partial<Record<FindingCode, number>> = {};
  // Records per code: one byte per record and code seen, not a set of numbers.
  const recordSets = new Map<FindingCode, Uint8Array>();
  const recordsByCode: Partial<Record<FindingCode, number>> = {};
  for (let i = 0; i < findings.length; i++) {
    const code = findings.codeAt(i);
    const record = findings.recordAt(i);
    findingsByCode[code] = (findingsByCode[code] ?? 0) + 1;
    if (record > 0) {
      let seen = recordSets.get(code);
      if (!seen) recordSets.set(code, (seen = new Uint8Array(Math.max(state.records, record) + 1)));
      if (record < seen.length && !seen[record]) {
        seen[record] = 1;
        recordsByCode[code] = (recordsByCode[code] ?? 0) + 1;
      }
    }
  }
  const records = notADataset ? 0 : state.records;
  let flaggedRecords = 0;
  const flagged = state.flagged.view();
  for (let i = 0; i < flagged.length; i++) flaggedRecords += flagged[i];
  const majority = state.majorityFormat;
  const formats: Record<string, number> = {};
  for (const [id, count] of state.formatCounts) formats[formatLabel(id)] = count;
  const parts = state.rules.reduce<SummaryPart>((sum, rule, r) => ({ ...sum, ...rule.summary?.(state.ruleStates[r]) }), {});
  const summary: DatasetSummary = {
    records,
    bytes: totalBytes,
    container: notADataset || !state.container ? 'empty' : state.container,
    format: majority !== NO_FORMAT ? formatLabel(majority) : undefined,
    formats,
    datasetInfoEntry: state.datasetInfo?.name,
    flaggedRecords: notADataset ? 0 : flaggedRecords,
    flaggedShare: records ? flaggedRecords / records : 0,
    findingsByCode,
    recordsByCode,
    mix: mixReport(state, state.options, records),
    // record numbers (1-based) in the summary, like everywhere else users see them
    tone: (parts.tone ?? []).map((t) => ({ ...t, examples: t.examples.map((i) => i + 1) })),
    elapsedMs: Date.now() - started,
  };
  return withCompactFindings({ source: state.source.name, summary, timings: state.timings }, findings);
}

/**
 * The report with `findings` built when first read, then kept as a plain property (also what a
 * structured clone copies), and the columns as `compactFindings`. A function of its own: a
 * closure made in buildReport would keep the engine's whole state alive with the report.
 */
function withCompactFindings(parts: Omit<DatasetReport, 'findings'>, findings: CompactFindings): DatasetReport {
  const report = parts as DatasetReport;
  const keep = (value: Finding[]) => Object.defineProperty(report, 'findings', { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(report, 'findings', {
    enumerable: true,
    configurable: true,
    get: () => {
      const all = findings.toArray();
      keep(all);
      return all;
    },
    set: keep,
  });
  Object.defineProperty(report, 'compactFindings', { value: findings, enumerable: false });
  return report;
}

function mixReport(state: DatasetState, analysis: AnalysisOptions, records: number): DatasetSummary['mix'] {
  const sorted = [...state.categories.entries()].sort((a, b) => b[1] - a[1]);
  const categories: Record<string, number> = {};
  // Defined, not assigned: a category named "__proto__" is a category like any other.
  for (const [name, count] of sorted.slice(0, 50))
    Object.defineProperty(categories, name, { value: count, enumerable: true, writable: true, configurable: true });
  const rest = sorted.slice(50).reduce((n, [, c]) => n + c, 0);
  if (rest > 0) categories['(other)'] = rest;
  const targets = Object.entries(analysis.mixTargets).map(([name, target]) => {
    const count = (MIX_CLASSES as readonly string[]).includes(name) ? state.mixClasses[name as MixClass] : (state.categories.get(name) ?? 0);
    const actual = records ? count / records : 0;
    return { name, target, actual, delta: actual - target };
  });
  return { classes: { ...state.mixClasses }, categoryField: analysis.categoryField, categories, targets };
}
