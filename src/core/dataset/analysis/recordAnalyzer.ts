import { isUtf8 } from 'node:buffer';
import type { TermMatcher } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import { ContentDigester } from '../dedup/contentDigest';
import type { Finding, FindingCode, Severity } from '../../../shared/findings';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import type { DatasetRecord } from '../formats/recordModel';
import { msg } from '../../../shared/messageTemplate';
import { MIX_CLASSES, mixClassOf } from '../mix/mixClass';
import { RecordLocator } from '../reading/recordLocator';
import { RULE_CATALOG } from '../ruleCatalog';
import type { FeatureExtractor, Features } from '../rules/datasetRule';
import { DATASET_RULES } from '../rules/datasetRules';
import type { RecordRule } from '../rules/recordRule';
import { RECORD_RULES } from '../rules/recordRules';
import { NO_FORMAT, formatId } from './formatIds';
import type { BatchResult, RecordBatch, RecordsBatch } from './batch';
import { splitLines } from '../reading/recordScanner';
import { configuredSeverity } from '../../../shared/findings';

/**
 * Analyses batches of records: the part of the engine that runs in parallel, in worker
 * threads. The record rules run here; everything the dataset rules need later is reduced to
 * compact per-record features by their extractors (content hashes, LSH band keys, phrase
 * hashes), next to the summary's own (format, mix class, category).
 */
export class RecordAnalyzer {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly digester = new ContentDigester();
  /** The record rules with at least one code not set to `off`. */
  private readonly recordRules: readonly RecordRule[];
  /** The current batch's feature extractors, one per dataset rule that has one. */
  private extractors: Array<FeatureExtractor<Features> | undefined> = [];

  constructor(
    private readonly options: AnalysisOptions,
    private readonly info: DatasetInfoEntry | undefined,
    private readonly terms: TermMatcher | undefined,
  ) {
    this.recordRules = RECORD_RULES.filter((rule) => rule.codes.some((code) => this.severityOf(code)));
  }

  analyzeBatch(input: RecordBatch): BatchResult {
    const batch = input.kind === 'lines' ? splitLinesBatch(input.bytes, input.byteOffset, input.firstLine, input.sequence) : input;
    const count = batch.lines.length;
    const result: BatchResult = {
      sequence: batch.sequence,
      count,
      findings: [],
      lines: batch.lines,
      columns: batch.columns,
      byteStarts: batch.byteStarts,
      byteLengths: new Uint32Array(count),
      formats: new Uint8Array(count).fill(NO_FORMAT),
      endLines: new Int32Array(count),
      endColumns: new Int32Array(count),
      headEnds: new Int32Array(count),
      mixClasses: new Uint8Array(count).fill(255),
      categories: new Array<string | null>(count).fill(null),
      flagged: new Uint8Array(count),
      features: [],
    };
    this.extractors = DATASET_RULES.map((rule) => rule.extractor?.(count));
    for (let k = 0; k < count; k++) {
      result.byteLengths[k] = batch.ends[k] - batch.starts[k];
      this.analyzeOne(batch, k, result);
    }
    result.features = this.extractors.map((extractor) => extractor?.take() ?? {});
    this.extractors = [];
    return result;
  }

  private analyzeOne(batch: RecordsBatch, k: number, out: BatchResult): void {
    const bytes = batch.bytes.subarray(batch.starts[k], batch.ends[k]);
    const recordNumber = k + 1; // local to the batch: the main thread adds the batch's first record
    const text = this.decoder.decode(bytes);
    const locator = new RecordLocator(text, batch.lines[k], batch.columns[k]);
    const recordRange = locator.recordRange();
    out.endLines[k] = recordRange.end.line;
    out.endColumns[k] = recordRange.end.column;
    out.headEnds[k] = locator.headRange().end.column;
    const byteStart = batch.byteStarts[k];
    const emit = (code: FindingCode, message: string, args: Array<string | number>, range = locator.headRange(), extra: Finding['data'] = {}) => {
      const severity = this.severityOf(code);
      if (!severity) return;
      out.flagged[k] = 1;
      out.findings.push({
        code,
        severity,
        record: recordNumber,
        range,
        message,
        args,
        data: { recordRange, container: batch.container, byteStart, byteEnd: byteStart + bytes.length, ...extra },
      });
    };

    if (!isUtf8(bytes)) {
      const bad = text.indexOf('\uFFFD');
      const at = bad >= 0 ? locator.position(bad) : recordRange.start;
      emit('invalid-encoding', msg('This record holds bytes that are not valid UTF-8; they read as replacement characters (�).'), [], {
        start: at,
        end: { line: at.line, column: at.column + 1 },
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(detail);
      const range = position ? pointRange(locator, Number(position[1]), text.length) : locator.headRange();
      emit('malformed-json', msg('Not valid JSON: {0}'), [shortParseError(detail)], range);
      return;
    }
    try {
      const { record, problems } = normalizeRecord(value, this.info);
      for (const rule of this.recordRules) {
        for (const hit of rule.check(record, { options: this.options, terms: this.terms, raw: value, problems })) {
          emit(hit.code, hit.message, hit.args, locator.rangeOf(hit.path, hit.span), { field: hit.path.join('.'), ...hit.data });
        }
      }
      if (!record) return;
      out.formats[k] = formatId(record.layout, record.kind);
      this.features(record, value, k, out);
    } catch (error) {
      // Thousands of nested arrays parse, but walking them overflows the stack somewhere: this
      // record becomes a finding and the rest of the file is checked.
      if (!(error instanceof RangeError)) throw error;
      emit('invalid-record', msg('This record is nested too deeply to check; no training framework reads it as a record.'), []);
    }
  }

  /** The summary's per-record features, then each dataset rule's. */
  private features(record: DatasetRecord, raw: unknown, k: number, out: BatchResult): void {
    const { key, check } = this.digester.digest(record);
    out.mixClasses[k] = MIX_CLASSES.indexOf(mixClassOf(record));
    const field = this.options.categoryField;
    if (field && typeof raw === 'object' && raw !== null && Object.prototype.hasOwnProperty.call(raw, field)) {
      const category = (raw as Record<string, unknown>)[field];
      if (typeof category === 'string' || typeof category === 'number') out.categories[k] = String(category);
    }
    const input = { record, raw, digester: this.digester, key, check };
    for (const extractor of this.extractors) extractor?.add(k, input);
  }

  private severityOf(code: FindingCode): Severity | undefined {
    return configuredSeverity(this.options.severity, code, RULE_CATALOG[code].defaultSeverity);
  }
}

function pointRange(locator: RecordLocator, offset: number, length: number) {
  const at = Math.min(offset, Math.max(0, length - 1));
  return { start: locator.position(at), end: locator.position(Math.min(length, at + 1)) };
}

/** V8's parse errors quote the whole input: keep the part that explains the problem. */
function shortParseError(detail: string): string {
  return detail.replace(/, "[\s\S]*" is not valid JSON$/, ' (not valid JSON)').replace(/^(.{0,160})[\s\S]*$/, '$1');
}

/** Splits a lines batch into records with positions, as a records batch over the same bytes. */
function splitLinesBatch(bytes: Uint8Array, byteOffset: number, firstLine: number, sequence: number): RecordsBatch {
  const starts: number[] = [];
  const ends: number[] = [];
  const lines: number[] = [];
  const columns: number[] = [];
  splitLines(bytes, byteOffset, firstLine, {
    record: (r) => {
      starts.push(r.byteStart - byteOffset);
      ends.push(r.byteEnd - byteOffset);
      lines.push(r.line);
      columns.push(r.column);
    },
  });
  const byteStarts = new Float64Array(starts.length);
  for (let k = 0; k < starts.length; k++) byteStarts[k] = starts[k] + byteOffset;
  return {
    kind: 'records',
    sequence,
    container: 'lines',
    bytes,
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    byteStarts,
    lines: Int32Array.from(lines),
    columns: Int32Array.from(columns),
  };
}
