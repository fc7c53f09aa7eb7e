import { availableParallelism } from 'node:os';
import type { LexiconTerm } from '../../text/termMatcher';
import { GrowableArray } from '../../util/growableArray';
import type { AnalysisOptions } from '../analysisOptions';
import { BANDS } from '../dedup/minHash';
import type { DatasetSummary } from '../datasetSummary';
import type { Finding, FindingCode, Position, Range, Severity } from '../../../shared/findings';
import { compareFindings } from '../../../shared/findings';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import { describeFormat, responses } from '../formats/recordModel';
import { msg } from '../../../shared/messageTemplate';
import { MIX_CLASSES } from '../mix/mixClass';
import type { MixClass } from '../mix/mixClass';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { Container, StructureProblem } from '../reading/recordScanner';
import { RULE_CATALOG } from '../ruleCatalog';
import { ExactDuplicateFinder } from '../rules/dataset/exactDuplicateRule';
import { FormatTally, outlierRecords } from '../rules/dataset/mixedFormatsRule';
import { TemplateToneCounter } from '../rules/dataset/templateToneRule';
import type { TonePhrase } from '../rules/dataset/templateToneRule';
import { closingPhrase, openingPhrase, phraseHash } from '../tone/phrases';
import type { AnalysisProgress, AnalysisStage } from './analysisProgress';
import type { BatchResult, RecordBatch } from './batch';
import { FORMAT_IDS, NO_FORMAT, formatId } from './formatIds';
import { nearDuplicateStage } from './nearDuplicateStage';
import type { AnalyzerSetup, BatchRunner } from './workerPool';
import { defaultWorkerScript, inThreadRunner, workerRunner } from './workerPool';

export type { AnalysisProgress } from './analysisProgress';

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

export interface DatasetReport {
  source: string;
  summary: DatasetSummary;
  findings: Finding[];
  /** Wall-clock milliseconds per stage, for `--timings` and the benchmark. */
  timings: StageTimings;
}

export interface StageTimings {
  /** Reading, splitting and analysing records (in parallel). */
  records: number;
  nearDuplicates: number;
  /** Everything after the records: duplicates, tone, formats, summary. */
  datasetStages: number;
  threads: number;
}

const BATCH_BYTES = 1 << 20;
const BATCH_RECORDS = 4096;
const IN_FLIGHT_PER_THREAD = 3;
const SMALL_INPUT_BYTES = 4 << 20;
const BINARY_SNIFF_BYTES = 8192;
const LINE_WINDOW_BYTES = 4 << 20;
const SINGLE_OBJECT_SNIFF_LIMIT = 64 << 20;
/** Findings or duplicate links between two progress reports after reading. */
const PROGRESS_EVERY = 4096;

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
  state.timings.threads = threads > 0 && script ? threads : 0;
  try {
    const binary = await readAsDataset(source, runner, state, totalBytes, Math.max(1, threads), options);
    state.timings.records = Date.now() - started;
    const report = await finish(source, state, runner, options, totalBytes, started, binary);
    state.timings.datasetStages = Date.now() - started - state.timings.records;
    return report;
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
  readonly timings: StageTimings = { records: 0, nearDuplicates: 0, datasetStages: 0, threads: 0 };
  tonePhrases: TonePhrase[] = [];
  /** Why the file was not read as text: NUL bytes of UTF-16, or of a binary file. */
  binaryKind: 'utf-16' | 'binary' | undefined;

  constructor(readonly options: AnalysisOptions) {}

  get records(): number {
    return this.lines.length;
  }

  /** Takes one batch's results, in file order: positions, features, and findings renumbered from batch-local to file records. */
  absorb(result: BatchResult): void {
    const base = this.records;
    this.lines.append(result.lines);
    this.columns.append(result.columns);
    this.byteStarts.append(result.byteStarts);
    this.byteLengths.append(result.byteLengths);
    this.endLines.append(result.endLines);
    this.endColumns.append(result.endColumns);
    this.headEnds.append(result.headEnds);
    this.formats.append(result.formats);
    this.bandKeys.append(result.bandKeys);
    this.hasBands.append(result.hasBands);
    this.flagged.append(result.flagged);
    for (const f of result.findings) {
      f.record += base;
      this.findings.push(f);
    }
    this.tone.addResponses(result.responses);
    for (let k = 0; k < result.count; k++) {
      const index = base + k;
      this.exact.add(index, result.exactKeys[k], result.exactChecks[k]);
      this.formatTally.add(result.formats[k]);
      const mix = result.mixClasses[k];
      if (mix !== 255) this.mixClasses[MIX_CLASSES[mix]]++;
      const category = result.categories[k];
      if (category !== null) this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
    }
    for (let p = 0; p < result.phraseHashes.length; p++) this.tone.add(base + result.phraseRecords[p], result.phraseHashes[p]);
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

/**
 * Streams the source to the runner. JSON Lines go out as chunks cut at a newline, which the
 * workers split themselves (the main thread only counts newlines, natively); JSON arrays are
 * split here by the scanner's state machine and sent as records. Results are taken in file
 * order. Returns true when the file is binary.
 */
async function readAsDataset(source: ByteSource, runner: BatchRunner, state: DatasetState, totalBytes: number, threads: number, options: AnalyzeOptions): Promise<boolean> {
  let sequence = 0;
  let batch = newBatchBuilder();
  const queue: RecordBatch[] = [];
  const ready = new Map<number, BatchResult>();
  let nextToAbsorb = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const scanner = new RecordScanner({
    structure: (p) => state.structure.push(p),
    record: (r, bytes) => {
      batch.add(r.byteStart, r.line, r.column, bytes);
      if (batch.bytes >= BATCH_BYTES || batch.count >= BATCH_RECORDS) {
        queue.push(batch.build(sequence++));
        batch = newBatchBuilder();
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

  // Which container: the first non-blank byte (after a BOM) decides.
  const head = await source.read(0, Math.min(totalBytes, BINARY_SNIFF_BYTES));
  if (head.includes(0)) {
    state.binaryKind = isUtf16(head) ? 'utf-16' : 'binary';
    return true;
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const firstByte = head.subarray(bom).find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (firstByte === undefined && totalBytes <= head.length) return false; // empty or blank: no records
  state.container = firstByte === 0x5b ? 'array' : 'lines';

  if (state.container === 'array') {
    let offset = 0;
    for await (const chunk of source.chunks(options.signal)) {
      offset += chunk.length;
      scanner.push(chunk);
      await dispatch(threads * IN_FLIGHT_PER_THREAD);
      options.onProgress?.({ stage: 'reading', done: offset, total: totalBytes, bytes: offset, totalBytes, records: state.records });
    }
    scanner.finish();
    if (batch.count > 0) queue.push(batch.build(sequence++));
  } else {
    // JSON Lines: windows that end at a newline; the next window starts at the next line, so no
    // bytes are copied to join a line cut by a window (its few bytes are simply read again).
    let offset = bom;
    let line = 0;
    let window = LINE_WINDOW_BYTES;
    while (offset < totalBytes) {
      options.signal?.throwIfAborted();
      const bytes = await source.read(offset, Math.min(window, totalBytes - offset));
      if (bytes.length === 0) break;
      const atEnd = offset + bytes.length >= totalBytes;
      const lastNewline = atEnd ? bytes.length - 1 : bytes.lastIndexOf(0x0a);
      if (lastNewline < 0) {
        window *= 2; // one line longer than the window: read more at once
        continue;
      }
      const piece = bytes.subarray(0, lastNewline + 1);
      let lines = 0;
      for (let i = piece.indexOf(0x0a); i >= 0; i = piece.indexOf(0x0a, i + 1)) lines++;
      queue.push({ kind: 'lines', sequence: sequence++, bytes: source.ownsChunks ? piece : piece.slice(), byteOffset: offset, firstLine: line });
      line += lines;
      offset += piece.length;
      window = LINE_WINDOW_BYTES;
      await dispatch(threads * IN_FLIGHT_PER_THREAD);
      options.onProgress?.({ stage: 'reading', done: offset, total: totalBytes, bytes: offset, totalBytes, records: state.records });
    }
  }
  await dispatch(threads * IN_FLIGHT_PER_THREAD);
  await Promise.all(inFlight);
  if (failure) throw asError(failure);
  return false;
}

async function finish(source: ByteSource, state: DatasetState, runner: BatchRunner, options: AnalyzeOptions, totalBytes: number, started: number, binary: boolean): Promise<DatasetReport> {
  const findings = state.findings;
  const progress = (stage: AnalysisStage, done: number, total: number) => options.onProgress?.({ stage, done, total, bytes: totalBytes, totalBytes, records: state.records });
  const fileFinding = (code: FindingCode, message: string, args: Array<string | number>, at: Position = { line: 0, column: 0 }) => {
    const severity = state.severity(code);
    if (severity) findings.push({ code, severity, record: 0, range: { start: at, end: { line: at.line, column: at.column + 1 } }, message, args, data: {} });
  };
  if (binary && state.binaryKind === 'utf-16') {
    fileFinding('not-a-dataset', msg('This file is encoded as UTF-16; datasets are read as UTF-8. Save it as UTF-8 (in VS Code: the encoding in the status bar, then Save with Encoding).'), []);
    return report(source, state, findings, options, totalBytes, started);
  }
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
  // A duplicate-heavy file has a duplicate finding for most records: each is built in its final
  // shape at once (neighbours included, positions shared, one `related` per twin), about half
  // the memory of adding to it afterwards.
  const linkFinding = (index: number, twin: number, code: 'exact-duplicate' | 'near-duplicate', message: string, args: Array<string | number>, similarity: number, threshold: number | undefined, related: Map<number, Finding['related']>, relatedMessage: string) => {
    const severity = state.severity(code);
    if (!severity) return;
    state.flagged.set(index, 1);
    const start = state.recordStart(index);
    const byteStart = state.byteStarts.get(index);
    let link = related.get(twin);
    if (!link) related.set(twin, (link = [relatedRecord(twin, relatedMessage)]));
    const data: Finding['data'] =
      threshold === undefined
        ? { recordRange: { start, end: state.recordEnd(index) }, container: state.container, byteStart, byteEnd: byteStart + state.byteLengths.get(index), twin: twin + 1, similarity, ...neighbours(state, index) }
        : { recordRange: { start, end: state.recordEnd(index) }, container: state.container, byteStart, byteEnd: byteStart + state.byteLengths.get(index), twin: twin + 1, similarity, threshold, ...neighbours(state, index) };
    findings.push({ code, severity, record: index + 1, range: { start, end: { line: start.line, column: state.headEnds.get(index) } }, message, args, related: link, data });
  };

  progress('duplicates', 0, 1);
  // Mixed formats: records in another format than most. A file most of whose records fit no
  // format gets one finding for the shape instead (one error per record would drown it).
  const majority = state.formatTally.majority();
  const unrecognised = formatId('unrecognised', 'sft');
  if (majority === unrecognised) {
    const count = state.formatTally.counts.get(unrecognised) ?? 0;
    const first = state.formats.view().indexOf(unrecognised);
    const sample = first >= 0 ? await readRawKeys(source, state, first) : '';
    fileFinding(
      'unknown-format',
      msg('{0} of {1} records fit no dataset format (fields: {2}): TuneLab checked the text in them for personal data, sensitive terms and placeholders, and fields named like an answer for length and repetition, but not their structure. Describe the file in dataset_info.json (formatting and columns) to check it as a dataset.'),
      [count, state.records, sample],
      first >= 0 ? state.recordStart(first) : undefined,
    );
  } else if (majority !== NO_FORMAT) {
    const label = formatLabel(majority);
    for (const index of outlierRecords(state.formats.view(), state.records, majority)) {
      recordFinding(index, 'mixed-formats', msg('This record is {0}, but the dataset is {1} (like most of its records).'), [formatLabel(state.formats.get(index)), label], {});
    }
  }

  // Exact duplicates.
  const twins = state.exact.twins.size;
  let linked = 0;
  const firstOccurrences = new Map<number, Finding['related']>();
  for (const [index, twin] of state.exact.twins) {
    if (++linked % PROGRESS_EVERY === 0) progress('duplicates', linked, twins);
    linkFinding(index, twin, 'exact-duplicate', msg('Exact duplicate of record {0} (same content once white space is collapsed).'), [twin + 1], 1, undefined, firstOccurrences, msg('The first occurrence: record {0}.'));
  }

  // Near duplicates.
  if (state.severity('near-duplicate')) {
    const nearStarted = Date.now();
    const eligible = state.hasBands.view().slice();
    for (const index of state.exact.twins.keys()) eligible[index] = 0;
    progress('near-duplicates', 0, 1);
    const near = await nearDuplicateStage({
      source,
      count: state.records,
      bandKeys: state.bandKeys.view(),
      eligible,
      byteStarts: state.byteStarts,
      byteLengths: state.byteLengths,
      shingles: (batch) => runner.shingles(batch),
      threshold: options.analysis.nearDuplicateThreshold,
      signal: options.signal,
      onProgress: (done, total) => progress('near-duplicates', done, total),
    });
    state.timings.nearDuplicates = Date.now() - nearStarted;
    const threshold = options.analysis.nearDuplicateThreshold;
    const earlierRecords = new Map<number, Finding['related']>();
    for (const { index, twin, similarity } of near) {
      const percent = Math.floor(similarity * 1000) / 10;
      linkFinding(index, twin, 'near-duplicate', msg('Near duplicate of record {0}: {1}% similar (threshold {2}%).'), [twin + 1, percent, Math.round(threshold * 100)], Math.round(similarity * 1000) / 1000, threshold, earlierRecords, msg('The earlier, similar record {0}.'));
    }
  }
  // The worker threads' part is done: their memory goes before the findings are built.
  await runner.close();

  progress('findings', 0, findings.length);
  // Templated tone: one finding per phrase, at its first example.
  const tone = await tonePhrases(source, state, options);
  state.tonePhrases = tone;
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
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    if (f.record > 0 && !('previousEnd' in f.data)) Object.assign(f.data, neighbours(state, f.record - 1));
    if ((k + 1) % PROGRESS_EVERY === 0) progress('findings', k + 1, findings.length);
  }
  progress('findings', findings.length, findings.length);
  return report(source, state, findings, options, totalBytes, started);
}

/** The top-level field names of one record, as a short list for a message. */
async function readRawKeys(source: ByteSource, state: DatasetState, index: number): Promise<string> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(await source.read(state.byteStarts.get(index), state.byteLengths.get(index))));
    const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    return keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, …` : keys.join(', ') || '-';
  } catch {
    return '-';
  }
}

/** Re-reads and normalises one record (for verification and to recover a phrase's text). */
async function readRecord(source: ByteSource, state: DatasetState, index: number, info: DatasetInfoEntry | undefined) {
  const bytes = await source.read(state.byteStarts.get(index), state.byteLengths.get(index));
  try {
    return normalizeRecord(JSON.parse(new TextDecoder().decode(bytes)), info).record;
  } catch {
    return undefined;
  }
}

/** The reported phrases, with their text read back from each one's first example record. */
async function tonePhrases(source: ByteSource, state: DatasetState, options: AnalyzeOptions): Promise<TonePhrase[]> {
  const out: TonePhrase[] = [];
  for (const candidate of state.tone.candidates(options.analysis.templateTone.minShare, options.analysis.templateTone.minRecords)) {
    const record = await readRecord(source, state, candidate.examples[0], options.datasetInfo);
    let phrase: string | undefined;
    for (const turn of record ? responses(record) : []) {
      const text = candidate.position === 'opening' ? openingPhrase(turn.text) : closingPhrase(turn.text);
      if (text && phraseHash(text, candidate.position) === candidate.hash) phrase = text;
    }
    if (phrase) out.push({ phrase, position: candidate.position, count: candidate.count, share: candidate.share, examples: candidate.examples });
  }
  return out;
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
    tone: state.tonePhrases.map((t) => ({ ...t, examples: t.examples.map((i) => i + 1) })),
    elapsedMs: Date.now() - started,
  };
  return { source: source.name, summary, findings, timings: state.timings };
}

function mixReport(state: DatasetState, analysis: AnalysisOptions, records: number): DatasetSummary['mix'] {
  const sorted = [...state.categories.entries()].sort((a, b) => b[1] - a[1]);
  const categories: Record<string, number> = {};
  // Defined, not assigned: a category named "__proto__" is a category like any other.
  for (const [name, count] of sorted.slice(0, 50)) Object.defineProperty(categories, name, { value: count, enumerable: true, writable: true, configurable: true });
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
  build(sequence: number): RecordBatch;
}

/** Collects split records' bytes back to back into one buffer that is transferred, not copied, to a worker. */
function newBatchBuilder(): BatchBuilder {
  let buffer = new Uint8Array(BATCH_BYTES + 64 * 1024);
  let used = 0;
  let count = 0;
  let capacity = 1024;
  let ends = new Uint32Array(capacity);
  let starts = new Float64Array(capacity);
  let lines = new Int32Array(capacity);
  let columns = new Int32Array(capacity);
  const grow = () => {
    capacity *= 2;
    const resize = <T extends Uint32Array | Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    ends = resize(ends, (n) => new Uint32Array(n));
    starts = resize(starts, (n) => new Float64Array(n));
    lines = resize(lines, (n) => new Int32Array(n));
    columns = resize(columns, (n) => new Int32Array(n));
  };
  return {
    get count() {
      return count;
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
      if (count === capacity) grow();
      buffer.set(bytes, used);
      used += bytes.length;
      ends[count] = used;
      starts[count] = byteStart;
      lines[count] = line;
      columns[count] = column;
      count++;
    },
    build(sequence) {
      const recordEnds = ends.slice(0, count);
      const recordStarts = new Uint32Array(count);
      for (let k = 1; k < count; k++) recordStarts[k] = recordEnds[k - 1];
      return {
        kind: 'records',
        sequence,
        container: 'array',
        bytes: buffer.slice(0, used),
        starts: recordStarts,
        ends: recordEnds,
        byteStarts: starts.slice(0, count),
        lines: lines.slice(0, count),
        columns: columns.slice(0, count),
      };
    },
  };
}

/** UTF-16 text: a byte-order mark, or NULs in every other byte of mostly ASCII text. */
function isUtf16(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  const pairs = Math.min(256, head.length >> 1);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  return pairs >= 4 && Math.max(evenNul, oddNul) >= pairs * 0.7 && Math.min(evenNul, oddNul) <= pairs * 0.05;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
