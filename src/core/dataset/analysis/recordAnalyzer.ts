import { isUtf8 } from 'node:buffer';
import { cyrb53 } from '../../text/hashing';
import type { TermMatcher } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import { BANDS, bandKeys } from '../dedup/minHash';
import { canonicalContent, comparableText } from '../dedup/recordContent';
import type { Finding, FindingCode, Severity } from '../findings';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import { responses } from '../formats/recordModel';
import type { DatasetRecord } from '../formats/recordModel';
import { msg } from '../messageTemplate';
import { MIX_CLASSES, mixClassOf } from '../mix/mixClass';
import { RecordLocator } from '../reading/recordLocator';
import { RULE_CATALOG } from '../ruleCatalog';
import { RECORD_RULES } from '../rules/recordRules';
import { closingPhrase, openingPhrase } from '../tone/phrases';
import { NO_FORMAT, formatId } from './formatIds';
import type { BatchResult, RecordBatch } from './batch';

/** Minimum comparable text for near-duplicate detection: shorter texts are too alike by chance. */
const MIN_NEAR_DUPLICATE_CHARS = 24;

/**
 * Analyses batches of records: the part of the engine that runs in parallel, in worker
 * threads. Everything a later, whole-dataset stage needs is reduced here to compact
 * per-record features (content hashes, LSH band keys, opening phrases, mix class).
 */
export class RecordAnalyzer {
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly options: AnalysisOptions,
    private readonly info: DatasetInfoEntry | undefined,
    private readonly terms: TermMatcher | undefined,
  ) {}

  analyzeBatch(batch: RecordBatch): BatchResult {
    const count = batch.lines.length;
    const result: BatchResult = {
      sequence: batch.sequence,
      firstRecord: batch.firstRecord,
      count,
      findings: [],
      formats: new Uint8Array(count).fill(NO_FORMAT),
      endLines: new Int32Array(count),
      endColumns: new Int32Array(count),
      headEnds: new Int32Array(count),
      exactKeys: new Float64Array(count).fill(NaN),
      exactChecks: new Uint32Array(count),
      bandKeys: new Uint32Array(count * BANDS),
      hasBands: new Uint8Array(count),
      mixClasses: new Uint8Array(count).fill(255),
      categories: new Array<string | null>(count).fill(null),
      openings: new Array<string | null>(count).fill(null),
      closings: new Array<string | null>(count).fill(null),
      flagged: new Uint8Array(count),
      responses: 0,
    };
    for (let k = 0; k < count; k++) this.analyzeOne(batch, k, result);
    return result;
  }

  private analyzeOne(batch: RecordBatch, k: number, out: BatchResult): void {
    const bytes = batch.bytes.subarray(batch.offsets[k], batch.offsets[k + 1]);
    const recordNumber = batch.firstRecord + k + 1;
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
      out.findings.push({ code, severity, record: recordNumber, range, message, args, data: { recordRange, container: batch.container, byteStart, byteEnd: byteStart + bytes.length, ...extra } });
    };

    if (!isUtf8(bytes)) {
      const bad = text.indexOf('\uFFFD');
      const at = bad >= 0 ? locator.position(bad) : recordRange.start;
      emit('invalid-encoding', msg('This record holds bytes that are not valid UTF-8; they read as replacement characters (�).'), [], { start: at, end: { line: at.line, column: at.column + 1 } });
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
    const { record, problems } = normalizeRecord(value, this.info);
    for (const rule of RECORD_RULES) {
      if (!this.severityOf(rule.code)) continue;
      for (const hit of rule.check(record, { options: this.options, terms: this.terms, raw: value, problems })) {
        emit(hit.code, hit.message, hit.args, locator.rangeOf(hit.path, hit.span), { field: hit.path.join('.'), ...hit.data });
      }
    }
    if (!record) return;
    out.formats[k] = formatId(record.layout, record.kind);
    this.features(record, value, k, out);
  }

  private features(record: DatasetRecord, raw: unknown, k: number, out: BatchResult): void {
    const content = canonicalContent(record);
    out.exactKeys[k] = cyrb53(content);
    out.exactChecks[k] = cyrb53(content, 0x9e3779b9) >>> 0;
    const comparable = comparableText(record);
    if (comparable.length >= MIN_NEAR_DUPLICATE_CHARS) out.hasBands[k] = bandKeys(comparable, out.bandKeys, k * BANDS) ? 1 : 0;
    out.mixClasses[k] = MIX_CLASSES.indexOf(mixClassOf(record));
    const field = this.options.categoryField;
    if (field && typeof raw === 'object' && raw !== null && Object.prototype.hasOwnProperty.call(raw, field)) {
      const category = (raw as Record<string, unknown>)[field];
      if (typeof category === 'string' || typeof category === 'number') out.categories[k] = String(category);
    }
    const openings = new Set<string>();
    const closings = new Set<string>();
    for (const turn of responses(record)) {
      out.responses++;
      const opening = openingPhrase(turn.text);
      const closing = closingPhrase(turn.text);
      if (opening) openings.add(opening);
      if (closing) closings.add(closing);
    }
    if (openings.size) out.openings[k] = [...openings].join('\u0001');
    if (closings.size) out.closings[k] = [...closings].join('\u0001');
  }

  private severityOf(code: FindingCode): Severity | undefined {
    const configured = this.options.severity[code];
    if (configured === 'off') return undefined;
    return configured ?? RULE_CATALOG[code].defaultSeverity;
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


