import { availableParallelism } from 'node:os';
import type { LexiconTerm } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { msg } from '../../../shared/messageTemplate';
import type { ByteSource } from '../reading/byteSource';
import type { DatasetFinishContext } from '../rules/datasetRule';
import { DATASET_RULES } from '../rules/datasetRules';
import type { AnalysisProgress, AnalysisStage } from './analysisProgress';
import { readAsDataset } from './batchPipeline';
import type { DatasetReport } from './datasetReport';
import { buildReport } from './datasetReport';
import { CompactFindings } from './compactFindings';
import { DatasetState } from './datasetState';
import { findingSink } from './findingSink';
import type { AnalyzerSetup, BatchRunner } from './workerPool';
import { defaultWorkerScript, inThreadRunner, workerRunner } from './workerPool';

export type { AnalysisProgress } from './analysisProgress';
export type { DatasetReport, StageTimings } from './datasetReport';

export interface AnalyzeOptions {
  analysis: AnalysisOptions;
  datasetInfo?: DatasetInfoEntry;
  /** The sensitive-term lexicon (bundled and user terms), already loaded. */
  terms?: LexiconTerm[];
  /** Worker threads; 0 analyses in this thread. Default: one per core, at most 4, none for small inputs. */
  threads?: number;
  workerScript?: string;
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
}

const SMALL_INPUT_BYTES = 4 << 20;
const SINGLE_OBJECT_SNIFF_LIMIT = 64 << 20;

/**
 * The dataset engine: streams a file, splits it into records, analyses batches of records
 * in parallel (worker threads: record rules and the dataset rules' per-record features; see
 * batchPipeline.ts), then the file-level findings and the dataset rules' findings
 * (rules/datasetRules.ts), and builds the report (datasetReport.ts). Memory stays bounded by
 * per-record features (about 120 bytes a record) and compact findings (compactFindings.ts:
 * about 100 bytes a finding), never the file's text.
 */
export async function analyzeDataset(source: ByteSource, options: AnalyzeOptions): Promise<DatasetReport> {
  const started = Date.now();
  const totalBytes = await source.size();
  const setup: AnalyzerSetup = { options: options.analysis, info: options.datasetInfo, terms: options.terms ?? [] };
  const threads = options.threads ?? (totalBytes < SMALL_INPUT_BYTES ? 0 : Math.min(4, Math.max(1, availableParallelism())));
  const script = threads > 0 ? (options.workerScript ?? defaultWorkerScript()) : undefined;
  const runner: BatchRunner = threads > 0 && script ? workerRunner(setup, threads, script) : inThreadRunner(setup);
  const state = new DatasetState(source, options.analysis, options.datasetInfo, DATASET_RULES);
  state.timings.threads = threads > 0 && script ? threads : 0;
  try {
    const binary = await readAsDataset(source, runner, state, totalBytes, Math.max(1, threads), options);
    state.timings.records = Date.now() - started;
    const report = await finish(state, runner, options, totalBytes, started, binary);
    state.timings.datasetStages = Date.now() - started - state.timings.records;
    return report;
  } finally {
    await runner.close();
  }
}

/** After the last record: what is wrong with the file as a whole, then every dataset rule in turn. */
async function finish(
  state: DatasetState,
  runner: BatchRunner,
  options: AnalyzeOptions,
  totalBytes: number,
  started: number,
  binary: boolean,
): Promise<DatasetReport> {
  const findings = state.findings;
  const sink = findingSink(state);
  const progress = (stage: AnalysisStage, done: number, total: number) =>
    options.onProgress?.({ stage, done, total, bytes: totalBytes, totalBytes, records: state.records });
  if (binary && state.binaryKind === 'utf-16') {
    sink.file(
      'not-a-dataset',
      msg(
        'This file is encoded as UTF-16; datasets are read as UTF-8. Save it as UTF-8 (in VS Code: the encoding in the status bar, then Save with Encoding).',
      ),
      [],
    );
    return buildReport(state, findings, totalBytes, started);
  }
  if (binary) {
    sink.file('not-a-dataset', msg('This looks like a binary file (it contains NUL bytes), not a JSON or JSON Lines dataset.'), []);
    return buildReport(state, findings, totalBytes, started);
  }
  for (const p of state.structure) sink.file('malformed-json', p.message, p.args, { line: p.line, column: p.column });
  if (state.records === 0) {
    sink.file('not-a-dataset', state.container === 'array' ? msg('The JSON array is empty: the dataset has no records.') : msg('The file has no records.'), []);
    return buildReport(state, findings, totalBytes, started);
  }
  if (await isSingleJsonObject(state, totalBytes)) {
    const kept = new CompactFindings(state);
    for (let i = 0; i < findings.length; i++) if (findings.codeAt(i) !== 'malformed-json') kept.push(findings.at(i));
    kept.push({
      code: 'not-a-dataset',
      severity: state.severity('not-a-dataset') ?? 'error',
      record: 0,
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
      message: msg('This file is one JSON object, not a dataset: a dataset is a JSON array of records, or JSON Lines with one record per line.'),
      args: [],
      data: {},
    });
    state.flagged.view().fill(0);
    return buildReport(state, kept, totalBytes, started, true);
  }

  let stage: AnalysisStage | undefined;
  const copies = new Map<number, number>();
  for (let r = 0; r < state.rules.length; r++) {
    const rule = state.rules[r];
    if (rule.stage !== stage) {
      // The worker threads' part is done with the near duplicates: their memory goes before the findings are built.
      if (rule.stage === 'findings') await runner.close();
      stage = rule.stage;
      progress(stage, 0, stage === 'findings' ? findings.length : 1);
    }
    const ruleStarted = Date.now();
    const context: DatasetFinishContext = {
      view: state,
      findings: sink,
      copies,
      shingles: (batch) => runner.shingles(batch),
      progress: (done, total) => progress(rule.stage, done, total),
      signal: options.signal,
    };
    await rule.finish(state.ruleStates[r], context);
    if (rule.stage === 'near-duplicates') state.timings.nearDuplicates += Date.now() - ruleStarted;
  }
  if (stage !== 'findings') {
    await runner.close();
    progress('findings', 0, findings.length);
  }
  // Every record is located now: record findings carry their neighbours (built with each finding, not stored).
  findings.addNeighbours();
  progress('findings', findings.length, findings.length);
  return buildReport(state, findings, totalBytes, started);
}

/** A pretty-printed single JSON object (e.g. a config or dataset_info.json) read as JSON Lines fails on every line. */
async function isSingleJsonObject(state: DatasetState, totalBytes: number): Promise<boolean> {
  if (state.container !== 'lines' || totalBytes > SINGLE_OBJECT_SNIFF_LIMIT || state.records < 2) return false;
  const malformed = new Set<number>();
  for (let i = 0; i < state.findings.length; i++) if (state.findings.codeAt(i) === 'malformed-json') malformed.add(state.findings.recordAt(i));
  if (malformed.size < state.records) return false;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(await state.source.read(0, totalBytes)).replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
