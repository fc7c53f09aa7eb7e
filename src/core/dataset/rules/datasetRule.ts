import type { DefinedRule, RuleInfo } from '../../rules/defineRule';
import { defineRule } from '../../rules/defineRule';
import type { AnalysisStage } from '../analysis/analysisProgress';
import type { ShingleBatch, ShingleResult } from '../analysis/shingleBatch';
import type { AnalysisOptions } from '../analysisOptions';
import type { TonePhrase } from '../datasetSummary';
import type { ContentDigester } from '../dedup/contentDigest';
import type { Finding, FindingCode, Position, Range } from '../../../shared/findings';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import type { DatasetRecord } from '../formats/recordModel';
import type { ByteSource } from '../reading/byteSource';
import type { Container } from '../reading/recordScanner';

/**
 * A dataset rule judges records against the rest of the file (duplicates, a tone shared by
 * too many responses, a format most records do not have). It works in three steps, so that
 * the file is read once, in parallel, and memory stays bounded by compact per-record features:
 *
 * 1. `extractor` (in the worker threads): per parsed record, a few numbers into typed arrays
 *    (a content hash, LSH band keys, phrase hashes). The arrays are transferred, not copied.
 * 2. `absorb` (main thread, batches in file order): folds a batch's features into the rule's state.
 * 3. `finish` (main thread, after the last record): reports the findings, in rule order.
 *
 * Each rule lives in its own file under rules/dataset/ and is listed in datasetRules.ts.
 */

/** A batch's features for one rule: typed arrays (transferred between threads) and counts. */
export type Features = { readonly [name: string]: Float64Array | Uint32Array | Int32Array | Uint8Array | number };

/** What the worker knows about one parsed record when extracting features. */
export interface RecordInput {
  record: DatasetRecord;
  /** The record as parsed. */
  raw: unknown;
  /** Has digested this record (its exact key below); it can still give band keys and shingles. */
  digester: ContentDigester;
  /** Exact-content key and its independent check. */
  key: number;
  check: number;
}

/** Collects one batch's features for one rule, record by record (k is the batch-local index). */
export interface FeatureExtractor<F extends Features> {
  add(k: number, input: RecordInput): void;
  take(): F;
}

/** The whole file as the dataset rules see it after reading: records' places and formats, the source to read them back. */
export interface DatasetView {
  readonly source: ByteSource;
  readonly options: AnalysisOptions;
  readonly datasetInfo?: DatasetInfoEntry;
  readonly container: Container | undefined;
  readonly records: number;
  /** Per record: its format id (analysis/formatIds.ts), NO_FORMAT when it did not parse. */
  readonly formats: Uint8Array;
  /** Records per format id. */
  readonly formatCounts: ReadonlyMap<number, number>;
  /** The format most records have (NO_FORMAT when none parsed). */
  readonly majorityFormat: number;
  /** Per record: where its bytes start in the file, and how many there are. */
  readonly byteStarts: { get(index: number): number };
  readonly byteLengths: { get(index: number): number };
  recordStart(index: number): Position;
  /** The record's first line: where record-level findings are underlined. */
  headRange(index: number): Range;
  /** Re-reads and normalises one record (undefined when it no longer parses). */
  readRecord(index: number): Promise<DatasetRecord | undefined>;
  /** The top-level field names of one record, as a short list for a message. */
  readRawKeys(index: number): Promise<string>;
}

/** Where dataset rules put their findings (severity and the records' data are filled in; codes set to `off` are dropped). */
export interface DatasetFindingSink {
  /** The code's severity under the settings; undefined when it is off. */
  severity(code: FindingCode): Finding['severity'] | undefined;
  /** A finding about the whole file (record 0), at `at` (default: the top). */
  file(code: FindingCode, message: string, args: Array<string | number>, at?: Position, extra?: Partial<Pick<Finding, 'related' | 'data' | 'range'>>): void;
  /** A finding on one record (0-based index), underlined on its first line. */
  record(index: number, code: FindingCode, message: string, args: Array<string | number>, data?: Finding['data']): void;
  /**
   * A finding that links a record to an earlier one (duplicates): the earlier record gets a
   * related entry (`relatedMessage`), shared by every record linked to it through `related`.
   */
  link(
    index: number,
    twin: number,
    code: FindingCode,
    message: string,
    args: Array<string | number>,
    similarity: number,
    threshold: number | undefined,
    related: Map<number, Finding['related']>,
    relatedMessage: string,
  ): void;
  /** A related-record entry pointing at one record (0-based index). */
  relatedRecord(index: number, message: string): NonNullable<Finding['related']>[number];
}

export interface DatasetFinishContext {
  readonly view: DatasetView;
  readonly findings: DatasetFindingSink;
  /**
   * Records already reported as copies of an earlier record (index → twin). The exact-duplicate
   * rule fills it; later duplicate rules leave these records alone.
   */
  readonly copies: Map<number, number>;
  /** Shingle sets for near-duplicate verification, built in the worker threads. */
  readonly shingles: (batch: ShingleBatch) => Promise<ShingleResult>;
  readonly progress: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** What rules add to the dataset summary. */
export interface SummaryPart {
  tone?: TonePhrase[];
}

export interface DatasetRuleSpec<F extends Features, S> {
  /** The progress stage the rule's `finish` runs in (stages come in order; see analysisProgress.ts). */
  readonly stage: AnalysisStage;
  extractor?(count: number): FeatureExtractor<F>;
  start(options: AnalysisOptions): S;
  absorb?(state: S, features: F, base: number): void;
  finish(state: S, context: DatasetFinishContext): Promise<void> | void;
  summary?(state: S): SummaryPart;
}

/** A dataset rule with its feature and state types erased, as the registry and the engine hold it. */
export type DatasetRule = DatasetRuleSpec<Features, unknown> & DefinedRule<FindingCode>;

/** Declares a dataset rule: the codes it reports (for the catalogue) and its three steps. */
export function defineDatasetRule<F extends Features, S>(rule: DatasetRuleSpec<F, S> & { info: readonly RuleInfo<FindingCode>[] }): DatasetRule {
  // Erased by method bivariance: the engine only ever passes a rule the features its own
  // extractor made and the state its own start made.
  return defineRule<FindingCode, DatasetRuleSpec<F, S>>(rule);
}
