import { availableParallelism } from 'node:os';
import { LruCache } from '../../../shared/lruCache';
import type { LexiconTerm } from '../../text/termMatcher';
import { GrowableArray } from '../../util/growableArray';
import type { AnalysisOptions } from '../analysisOptions';
import { BANDS, jaccard, shingleSet } from '../dedup/minHash';
import { comparableText } from '../dedup/recordContent';
import type { DatasetSummary } from '../datasetSummary';
import type { Finding, FindingCode, Position, Range, Severity } from '../findings';
import { compareFindings } from '../findings';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import { describeFormat } from '../formats/recordModel';
import { msg } from '../messageTemplate';
import { MIX_CLASSES } from '../mix/mixClass';
import type { MixClass } from '../mix/mixClass';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { Container, StructureProblem } from '../reading/recordScanner';
import { RULE_CATALOG } from '../ruleCatalog';
import { ExactDuplicateFinder } from '../rules/dataset/exactDuplicateRule';
import { FormatTally, outlierRecords } from '../rules/dataset/mixedFormatsRule';
import { nearDuplicateCandidates, verifyNearDuplicates } from '../rules/dataset/nearDuplicateRule';
import { TemplateToneCounter } from '../rules/dataset/templateToneRule';
import type { BatchResult, RecordBatch } from './batch';
import { FORMAT_IDS, NO_FORMAT } from './formatIds';
import type { AnalyzerSetup, BatchRunner } from './workerPool';
import { defaultWorkerScript, inThreadRunner, workerRunner } from './workerPool';

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

export interface AnalysisProgress {
  stage: 'reading' | 'near-duplicates';
  bytes: number;
  totalBytes: number;
  records: number;
}

export interface DatasetReport {
  source: string;
  summary: DatasetSummary;
  findings: Finding[];
}

const BATCH_BYTES = 1 << 20;
const BATCH_RECORDS = 4096;
const IN_FLIGHT_PER_THREAD = 3;
const SMALL_INPUT_BYTES = 4 << 20;
const BINARY_SNIFF_BYTES = 8192;
const SINGLE_OBJECT_SNIFF_LIMIT = 64 << 20;

/**
 * The dataset engine: streams a file, splits it into records, analyses batches of records
 * in parallel (worker threads), then runs the whole-dataset stages (exact and near
 * duplicates, templated tone, mixed formats) and builds the summary. Memory stays bounded
 * by per-record features (about 120 bytes a record), never the file's text.
 */
export async function analyzeDataset(source: ByteSource, options: AnalyzeOptions): Promise<DatasetReport> {
  const started = Date.now();
  const totalBytes = await source.size();
  const setup: AnalyzerSetup = { options: options.analysis, info: options.datasetInfo, terms: options.terms ?? [] };
  const threads = options.threads ?? (totalBytes < SMALL_INPUT_BYTES ? 0 : Math.min(4, Math.max(1, availableParallelism())));
  const script = threads > 0 ? (options.workerScript ?? defaultWorkerScript()) : undefined;
  const runner: BatchRunner = threads > 0 && script ? workerRunner(setup, threads, script) : inThreadRunner(setup);
  const state = new DatasetState(options.analysis);
  try {
    const binary = await readAsDataset(source, runner, state, totalBytes, Math.max(1, threads), options);
    return await finish(source, state, options, totalBytes, started, binary);
  } finally {
    await runner.close();
  }
}

/** Everything kept per record across the file, plus the running dataset-level tallies. */
class DatasetState {
  container: Container | undefined;
  readonly structure: StructureProblem[] = [];
  readonly findings: Finding[] = [];
  readonly lines = new GrowableArray((n) => new Int32Array(n));
  readonly columns = new GrowableArray((n) => new Int32Array(n));
  readonly endLines = new GrowableArray((n) => new Int32Array(n));
  readonly endColumns = new GrowableArray((n) => new Int32Array(n));
  readonly headEnds = new GrowableArray((n) => new Int32Array(n));
  readonly byteStarts = new GrowableArray((n) => new Float64Array(n));
  readonly byteLengths = new GrowableArray((n) => new Uint32Array(n));
  readonly formats = new GrowableArray((n) => new Uint8Array(n));
  readonly bandKeys = new GrowableArray((n) => new Uint32Array(n), 4096 * BANDS);
  readonly hasBands = new GrowableArray((n) => new Uint8Array(n));
  readonly flagged = new GrowableArray((n) => new Uint8Array(n));
  readonly exact = new ExactDuplicateFinder();
  readonly tone = new TemplateToneCounter();
  readonly formatTally = new FormatTally();
  readonly mixClasses: Record<MixClass, number> = Object.fromEntries(MIX_CLASSES.map((c) => [c, 0])) as Record<MixClass, number>;
  readonly categories = new Map<string, number>();

  constructor(readonly options: AnalysisOptions) {}

  get records(): number {
    return this.lines.length;
  }

  /** Takes one batch's results, in file order. */
  absorb(result: BatchResult): void {
    const base = result.firstRecord;
    this.endLines.append(result.endLines);
    this.endColumns.append(result.endColumns);
    this.headEnds.append(result.headEnds);
    this.formats.append(result.formats);
    this.bandKeys.append(result.bandKeys);
    this.hasBands.append(result.hasBands);
    this.flagged.append(result.flagged);
    for (const f of result.findings) this.findings.push(f);
    this.tone.addResponses(result.responses);
    for (let k = 0; k < result.count; k++) {
      const index = base + k;
      this.exact.add(index, result.exactKeys[k], result.exactChecks[k]);
      this.formatTally.add(result.formats[k]);
      const mix = result.mixClasses[k];
      if (mix !== 255) this.mixClasses[MIX_CLASSES[mix]]++;
      const category = result.categories[k];
      if (category !== null) this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
      this.tone.add(index, result.openings[k], 'opening');
      this.tone.add(index, result.closings[k], 'closing');
    }
  }

  recordStart(index: number): Position {
    return { line: this.lines.get(index), column: this.columns.get(index) };
  }

  recordEnd(index: number): Position {
    return { line: this.endLines.get(index), column: this.endColumns.get(index) };
  }

  headRange(index: number): Range {
    const start = this.recordStart(index);
    return { start, end: { line: start.line, column: this.headEnds.get(index) } };
  }

  severity(code: FindingCode): Severity | undefined {
    const configured = this.options.severity[code];
    return configured === 'off' ? undefined : (configured ?? RULE_CATALOG[code].defaultSeverity);
  }
}

/** Streams the source through the scanner and the runner. Returns true when the file is binary. */
async function readAsDataset(source: ByteSource, runner: BatchRunner, state: DatasetState, totalBytes: number, threads: number, options: AnalyzeOptions): Promise<boolean> {
  let batch = newBatchBuilder(0, 0);
  let sequence = 0;
  const queue: RecordBatch[] = [];
  const ready = new Map<number, BatchResult>();
  let nextToAbsorb = 0;
  const inFlight = new Set<Promise<void>>();
  let bytesRead = 0;
  let failure: unknown;

  const scanner = new RecordScanner({
    container: (c) => (state.container = c),
    structure: (p) => state.structure.push(p),
    record: (r, bytes) => {
      state.lines.push(r.line);
      state.columns.push(r.column);
      state.byteStarts.push(r.byteStart);
      state.byteLengths.push(r.byteEnd - r.byteStart);
      batch.add(r.byteStart, r.line, r.column, bytes);
      if (batch.bytes >= BATCH_BYTES || batch.count >= BATCH_RECORDS) {
        queue.push(batch.build(state.container ?? 'lines'));
        sequence++;
        batch = newBatchBuilder(sequence, state.lines.length);
      }
    },
  });

  const dispatch = async (limit: number) => {
    while (queue.length > 0) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
      if (failure) throw asError(failure);
      const next = queue.shift()!;
      const job: Promise<void> = runner.run(next).then(
        (result) => {
          ready.set(result.sequence, result);
          for (let r = ready.get(nextToAbsorb); r; r = ready.get(nextToAbsorb)) {
            ready.delete(nextToAbsorb);
            state.absorb(r);
            nextToAbsorb++;
          }
        },
        (error: unknown) => {
          failure = error;
        },
      );
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  };

  let first = true;
  for await (const chunk of source.chunks(options.signal)) {
    if (first) {
      first = false;
      if (chunk.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return true;
    }
    bytesRead += chunk.length;
    scanner.push(chunk);
    await dispatch(threads * IN_FLIGHT_PER_THREAD);
    options.onProgress?.({ stage: 'reading', bytes: bytesRead, totalBytes, records: state.lines.length });
  }
  scanner.finish();
  if (batch.count > 0) queue.push(batch.build(state.container ?? 'lines'));
  await dispatch(threads * IN_FLIGHT_PER_THREAD);
  await Promise.all(inFlight);
  if (failure) throw asError(failure);
  return false;
}

async function finish(source: ByteSource, state: DatasetState, options: AnalyzeOptions, totalBytes: number, started: number, binary: boolean): Promise<DatasetReport> {
  const findings = state.findings;
  const fileFinding = (code: FindingCode, message: string, args: Array<string | number>, at: Position = { line: 0, column: 0 }) => {
    const severity = state.severity(code);
    if (severity) findings.push({ code, severity, record: 0, range: { start: at, end: { line: at.line, column: at.column + 1 } }, message, args, data: {} });
  };
  if (binary) {
    fileFinding('not-a-dataset', msg('This looks like a binary file (it contains NUL bytes), not a JSON or JSON Lines dataset.'), []);
    return report(source, state, findings, options, totalBytes, started);
  }
  for (const p of state.structure) fileFinding('malformed-json', p.message, p.args, { line: p.line, column: p.column });
  if (state.records === 0) {
    fileFinding('not-a-dataset', state.container === 'array' ? msg('The JSON array is empty: the dataset has no records.') : msg('The file has no records.'), []);
    return report(source, state, findings, options, totalBytes, started);
  }
  if (await isSingleJsonObject(source, state, totalBytes)) {
    const kept = findings.filter((f) => f.code !== 'malformed-json');
    kept.push({ code: 'not-a-dataset', severity: state.severity('not-a-dataset') ?? 'error', record: 0, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, message: msg('This file is one JSON object, not a dataset: a dataset is a JSON array of records, or JSON Lines with one record per line.'), args: [], data: {} });
    state.flagged.view().fill(0);
    return report(source, state, kept, options, totalBytes, started, true);
  }

  const recordFinding = (index: number, code: FindingCode, message: string, args: Array<string | number>, extra: Finding['data'], related?: Finding['related']) => {
    const severity = state.severity(code);
    if (!severity) return;
    state.flagged.set(index, 1);
    findings.push({ code, severity, record: index + 1, range: state.headRange(index), message, args, related, data: { ...recordData(state, index), ...extra } });
  };
  const relatedRecord = (index: number, message: string) => ({ record: index + 1, range: state.headRange(index), message, args: [index + 1] });

  // Mixed formats: records in another format than most.
  const majority = state.formatTally.majority();
  if (majority !== NO_FORMAT) {
    const label = formatLabel(majority);
    for (const index of outlierRecords(state.formats.view(), state.records, majority)) {
      recordFinding(index, 'mixed-formats', msg('This record is {0}, but the dataset is {1} (like most of its records).'), [formatLabel(state.formats.get(index)), label], {});
    }
  }

  // Exact duplicates.
  for (const [index, twin] of state.exact.twins) {
    recordFinding(index, 'exact-duplicate', msg('Exact duplicate of record {0} (same content once white space is collapsed).'), [twin + 1], { twin: twin + 1, similarity: 1 }, [relatedRecord(twin, msg('The first occurrence: record {0}.'))]);
  }

  // Near duplicates.
  if (state.severity('near-duplicate')) {
    const eligible = state.hasBands.view().slice();
    for (const index of state.exact.twins.keys()) eligible[index] = 0;
    const candidates = nearDuplicateCandidates({ count: state.records, bandKeys: state.bandKeys.view(), eligible });
    options.onProgress?.({ stage: 'near-duplicates', bytes: totalBytes, totalBytes, records: state.records });
    const shingles = new LruCache<number, Uint32Array>(8192);
    const decoder = new TextDecoder();
    const shinglesOf = async (index: number): Promise<Uint32Array> => {
      const cached = shingles.get(index);
      if (cached) return cached;
      const bytes = await source.read(state.byteStarts.get(index), state.byteLengths.get(index));
      const { record } = normalizeRecord(JSON.parse(decoder.decode(bytes)), options.datasetInfo);
      const set = shingleSet(record ? comparableText(record) : '');
      shingles.set(index, set);
      return set;
    };
    const near = await verifyNearDuplicates(candidates, options.analysis.nearDuplicateThreshold, async (a, b) => jaccard(await shinglesOf(a), await shinglesOf(b)), options.signal);
    for (const { index, twin, similarity } of near) {
      const percent = Math.floor(similarity * 1000) / 10;
      recordFinding(index, 'near-duplicate', msg('Near duplicate of record {0}: {1}% similar (threshold {2}%).'), [twin + 1, percent, Math.round(options.analysis.nearDuplicateThreshold * 100)], { twin: twin + 1, similarity: Math.round(similarity * 1000) / 1000, threshold: options.analysis.nearDuplicateThreshold }, [relatedRecord(twin, msg('The earlier, similar record {0}.'))]);
    }
  }

  // Templated tone: one finding per phrase, at its first example.
  const tone = state.tone.finish(options.analysis.templateTone.minShare, options.analysis.templateTone.minRecords);
  const toneSeverity = state.severity('template-tone');
  if (toneSeverity) {
    for (const phrase of tone) {
      const [first, ...others] = phrase.examples;
      findings.push({
        code: 'template-tone',
        severity: toneSeverity,
        record: 0,
        range: state.headRange(first),
        message: phrase.position === 'opening' ? msg('{0} responses ({1}%) open with "{2}": a templated tone the model will learn.') : msg('{0} responses ({1}%) close with "{2}": a templated tone the model will learn.'),
        args: [phrase.count, Math.round(phrase.share * 1000) / 10, phrase.phrase],
        related: [first, ...others].map((index) => relatedRecord(index, msg('Example: record {0}.'))),
        data: { measured: phrase.share, threshold: options.analysis.templateTone.minShare, detail: { phrase: phrase.phrase, position: phrase.position, count: phrase.count } },
      });
    }
  }
  for (const f of findings) {
    if (f.record > 0) Object.assign(f.data, neighbours(state, f.record - 1));
  }
  return report(source, state, findings, options, totalBytes, started);
}

function recordData(state: DatasetState, index: number): Finding['data'] {
  const start = state.byteStarts.get(index);
  return {
    recordRange: { start: state.recordStart(index), end: state.recordEnd(index) },
    container: state.container,
    byteStart: start,
    byteEnd: start + state.byteLengths.get(index),
  };
}

function neighbours(state: DatasetState, index: number): Finding['data'] {
  return {
    previousEnd: index > 0 ? state.recordEnd(index - 1) : undefined,
    nextStart: index + 1 < state.records ? state.recordStart(index + 1) : undefined,
  };
}

function formatLabel(id: number): string {
  const format = FORMAT_IDS[id];
  return format ? describeFormat(format.layout, format.kind) : 'unknown';
}

/** A pretty-printed single JSON object (e.g. a config or dataset_info.json) read as JSON Lines fails on every line. */
async function isSingleJsonObject(source: ByteSource, state: DatasetState, totalBytes: number): Promise<boolean> {
  if (state.container !== 'lines' || totalBytes > SINGLE_OBJECT_SNIFF_LIMIT || state.records < 2) return false;
  const malformed = new Set(state.findings.filter((f) => f.code === 'malformed-json').map((f) => f.record));
  if (malformed.size < state.records) return false;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(await source.read(0, totalBytes)).replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function report(source: ByteSource, state: DatasetState, findings: Finding[], options: AnalyzeOptions, totalBytes: number, started: number, notADataset = false): DatasetReport {
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
  const majority = state.formatTally.majority();
  const formats: Record<string, number> = {};
  for (const [id, count] of state.formatTally.counts) formats[formatLabel(id)] = count;
  const summary: DatasetSummary = {
    records,
    bytes: totalBytes,
    container: notADataset || !state.container ? 'empty' : state.container,
    format: majority !== NO_FORMAT ? formatLabel(majority) : undefined,
    formats,
    datasetInfoEntry: options.datasetInfo?.name,
    flaggedRecords: notADataset ? 0 : flaggedRecords,
    flaggedShare: records ? flaggedRecords / records : 0,
    findingsByCode,
    recordsByCode,
    mix: mixReport(state, options.analysis, records),
    // record numbers (1-based) in the summary, like everywhere else users see them
    tone: state.tone.finish(options.analysis.templateTone.minShare, options.analysis.templateTone.minRecords).map((t) => ({ ...t, examples: t.examples.map((i) => i + 1) })),
    elapsedMs: Date.now() - started,
  };
  return { source: source.name, summary, findings };
}

function mixReport(state: DatasetState, analysis: AnalysisOptions, records: number): DatasetSummary['mix'] {
  const sorted = [...state.categories.entries()].sort((a, b) => b[1] - a[1]);
  const categories: Record<string, number> = {};
  for (const [name, count] of sorted.slice(0, 50)) categories[name] = count;
  const rest = sorted.slice(50).reduce((n, [, c]) => n + c, 0);
  if (rest > 0) categories['(other)'] = rest;
  const targets = Object.entries(analysis.mixTargets).map(([name, target]) => {
    const count = (MIX_CLASSES as readonly string[]).includes(name) ? state.mixClasses[name as MixClass] : (state.categories.get(name) ?? 0);
    const actual = records ? count / records : 0;
    return { name, target, actual, delta: actual - target };
  });
  return { classes: { ...state.mixClasses }, categoryField: analysis.categoryField, categories, targets };
}

interface BatchBuilder {
  readonly count: number;
  readonly bytes: number;
  add(byteStart: number, line: number, column: number, bytes: Uint8Array): void;
  build(container: Container): RecordBatch;
}

/** Collects records' bytes back to back into one buffer that is transferred, not copied, to a worker. */
function newBatchBuilder(sequence: number, firstRecord: number): BatchBuilder {
  let buffer = new Uint8Array(BATCH_BYTES + 64 * 1024);
  let used = 0;
  const offsets: number[] = [0];
  const starts: number[] = [];
  const lines: number[] = [];
  const columns: number[] = [];
  return {
    get count() {
      return lines.length;
    },
    get bytes() {
      return used;
    },
    add(byteStart, line, column, bytes) {
      if (used + bytes.length > buffer.length) {
        const bigger = new Uint8Array(Math.max(buffer.length * 2, used + bytes.length));
        bigger.set(buffer.subarray(0, used));
        buffer = bigger;
      }
      buffer.set(bytes, used);
      used += bytes.length;
      offsets.push(used);
      starts.push(byteStart);
      lines.push(line);
      columns.push(column);
    },
    build(container) {
      return {
        sequence,
        firstRecord,
        container,
        bytes: buffer.slice(0, used),
        offsets: Uint32Array.from(offsets),
        byteStarts: Float64Array.from(starts),
        lines: Int32Array.from(lines),
        columns: Int32Array.from(columns),
      };
    },
  };
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
