import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetSummary } from '../datasetSummary';
import type { Finding, FindingCode } from '../../../shared/findings';
import { compareFindings } from '../../../shared/findings';
import { MIX_CLASSES } from '../mix/mixClass';
import type { MixClass } from '../mix/mixClass';
import type { SummaryPart } from '../rules/datasetRule';
import type { DatasetState, StageTimings } from './datasetState';
import { NO_FORMAT, formatLabel } from './formatIds';

export type { StageTimings } from './datasetState';

export interface DatasetReport {
  source: string;
  summary: DatasetSummary;
  findings: Finding[];
  /** Wall-clock milliseconds per stage, for `--timings` and the benchmark. */
  timings: StageTimings;
}

/** Sorts the findings and builds the summary: counts per code, flagged records, formats, mix, and what the dataset rules add. */
export function buildReport(state: DatasetState, findings: Finding[], totalBytes: number, started: number, notADataset = false): DatasetReport {
  findings.sort(compareFindings);
  const findingsByCode: Partial<Record<FindingCode, number>> = {};
  const recordSets = new Map<FindingCode, Set<number>>();
  for (const f of findings) {
    findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
    if (f.record > 0) {
      let set = recordSets.get(f.code);
      if (!set) recordSets.set(f.code, (set = new Set()));
      set.add(f.record);
    }
  }
  const recordsByCode: Partial<Record<FindingCode, number>> = {};
  for (const [code, set] of recordSets) recordsByCode[code] = set.size;
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
  return { source: state.source.name, summary, findings, timings: state.timings };
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
