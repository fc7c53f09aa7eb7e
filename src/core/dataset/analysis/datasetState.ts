import { GrowableArray } from '../../util/growableArray';
import type { AnalysisOptions } from '../analysisOptions';
import type { Finding, FindingCode, Position, Range, Severity } from '../../../shared/findings';
import { CompactFindings } from './compactFindings';
import { RecordPlaces } from './recordPlaces';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';
import type { DatasetRecord } from '../formats/recordModel';
import { MIX_CLASSES } from '../mix/mixClass';
import type { MixClass } from '../mix/mixClass';
import type { ByteSource } from '../reading/byteSource';
import type { Container, StructureProblem } from '../reading/recordScanner';
import { RULE_CATALOG } from '../ruleCatalog';
import type { DatasetRule, DatasetView } from '../rules/datasetRule';
import type { BatchResult } from './batch';
import { NO_FORMAT } from './formatIds';
import { configuredSeverity } from '../../../shared/findings';

/** Wall-clock milliseconds per stage, for `--timings` and the benchmark. */
export interface StageTimings {
  /** Reading, splitting and analysing records (in parallel). */
  records: number;
  nearDuplicates: number;
  /** Everything after the records: duplicates, tone, formats, summary. */
  datasetStages: number;
  threads: number;
}

/**
 * Everything kept per record across the file (positions, byte ranges, formats: about 40 bytes
 * a record), the findings (in columns: see compactFindings.ts), the running tallies the summary
 * needs, and each dataset rule's own state, fed batch by batch in file order. It is also what the dataset rules see of the file (DatasetView).
 */
export class DatasetState implements DatasetView {
  container: Container | undefined;
  readonly structure: StructureProblem[] = [];
  /** Every finding so far, in columns (compactFindings.ts): tens of bytes a finding, not kilobytes. */
  findings = new CompactFindings(this);
  readonly lines = new GrowableArray((n) => new Int32Array(n));
  readonly columns = new GrowableArray((n) => new Int32Array(n));
  readonly endLines = new GrowableArray((n) => new Int32Array(n));
  readonly endColumns = new GrowableArray((n) => new Int32Array(n));
  readonly headEnds = new GrowableArray((n) => new Int32Array(n));
  readonly byteStarts = new GrowableArray((n) => new Float64Array(n));
  readonly byteLengths = new GrowableArray((n) => new Uint32Array(n));
  private readonly formatIds = new GrowableArray((n) => new Uint8Array(n));
  readonly flagged = new GrowableArray((n) => new Uint8Array(n));
  readonly formatCounts = new Map<number, number>();
  readonly mixClasses: Record<MixClass, number> = Object.fromEntries(MIX_CLASSES.map((c) => [c, 0])) as Record<MixClass, number>;
  readonly categories = new Map<string, number>();
  readonly timings: StageTimings = { records: 0, nearDuplicates: 0, datasetStages: 0, threads: 0 };
  /** Each dataset rule's state, in registry order. */
  readonly ruleStates: unknown[];
  /** Why the file was not read as text: NUL bytes of UTF-16, or of a binary file. */
  binaryKind: 'utf-16' | 'binary' | undefined;

  constructor(
    readonly source: ByteSource,
    readonly options: AnalysisOptions,
    readonly datasetInfo: DatasetInfoEntry | undefined,
    readonly rules: readonly DatasetRule[],
  ) {
    this.ruleStates = rules.map((rule) => rule.start(options));
  }

  get records(): number {
    return this.lines.length;
  }

  get formats(): Uint8Array {
    return this.formatIds.view();
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
    this.formatIds.append(result.formats);
    this.flagged.append(result.flagged);
    for (const f of result.findings) {
      f.record += base;
      this.findings.push(f);
    }
    for (let k = 0; k < result.count; k++) {
      const format = result.formats[k];
      if (format !== NO_FORMAT) this.formatCounts.set(format, (this.formatCounts.get(format) ?? 0) + 1);
      const mix = result.mixClasses[k];
      if (mix !== 255) this.mixClasses[MIX_CLASSES[mix]]++;
      const category = result.categories[k];
      if (category !== null) this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
    }
    for (let r = 0; r < this.rules.length; r++) this.rules[r].absorb?.(this.ruleStates[r], result.features[r], base);
  }

  /** The format most records have; NO_FORMAT when none parsed. */
  get majorityFormat(): number {
    let best = NO_FORMAT;
    let bestCount = 0;
    for (const [format, count] of this.formatCounts) {
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
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

  /** Where the record is, for quick fixes that delete or edit it. */
  recordData(index: number): Finding['data'] {
    const start = this.byteStarts.get(index);
    return {
      recordRange: { start: this.recordStart(index), end: this.recordEnd(index) },
      container: this.container,
      byteStart: start,
      byteEnd: start + this.byteLengths.get(index),
    };
  }

  /** The ends of the records around one record (deleting a record from a JSON array needs them). */
  neighbours(index: number): Finding['data'] {
    return {
      previousEnd: index > 0 ? this.recordEnd(index - 1) : undefined,
      nextStart: index + 1 < this.records ? this.recordStart(index + 1) : undefined,
    };
  }

  /** The records' places alone, copied to their exact length (what the report keeps: see recordPlaces.ts). */
  places(): RecordPlaces {
    return new RecordPlaces({
      container: this.container,
      lines: this.lines.view().slice(),
      columns: this.columns.view().slice(),
      endLines: this.endLines.view().slice(),
      endColumns: this.endColumns.view().slice(),
      headEnds: this.headEnds.view().slice(),
      byteStarts: this.byteStarts.view().slice(),
      byteLengths: this.byteLengths.view().slice(),
    });
  }

  severity(code: FindingCode): Severity | undefined {
    return configuredSeverity(this.options.severity, code, RULE_CATALOG[code].defaultSeverity);
  }

  async readRecord(index: number): Promise<DatasetRecord | undefined> {
    const bytes = await this.source.read(this.byteStarts.get(index), this.byteLengths.get(index));
    try {
      return normalizeRecord(JSON.parse(new TextDecoder().decode(bytes)), this.datasetInfo).record;
    } catch {
      return undefined;
    }
  }

  async readRawKeys(index: number): Promise<string> {
    try {
      const value: unknown = JSON.parse(new TextDecoder().decode(await this.source.read(this.byteStarts.get(index), this.byteLengths.get(index))));
      const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
      return keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, …` : keys.join(', ') || '-';
    } catch {
      return '-';
    }
  }
}
