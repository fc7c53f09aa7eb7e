import type { FindingCode } from '../../shared/findings';
import type { MixClass } from './mix/mixClass';
import type { PhrasePosition } from './tone/phrases';

/** The dataset-level view: what the CLI prints under the findings and the previewer's header shows. */
export interface DatasetSummary {
  records: number;
  bytes: number;
  container: 'lines' | 'array' | 'empty';
  /** The dataset's format (what most records are), e.g. "sharegpt preference". */
  format?: string;
  /** Records per detected format. */
  formats: Record<string, number>;
  /** The dataset_info.json entry that described the file, if any. */
  datasetInfoEntry?: string;
  flaggedRecords: number;
  flaggedShare: number;
  /** Findings per code. */
  findingsByCode: Partial<Record<FindingCode, number>>;
  /** Records with at least one finding of the code. */
  recordsByCode: Partial<Record<FindingCode, number>>;
  mix: MixReport;
  tone: TonePhrase[];
  elapsedMs: number;
}

export interface MixReport {
  classes: Record<MixClass, number>;
  categoryField: string;
  /** Records per value of the category field (the 50 most common; the rest as "(other)"). */
  categories: Record<string, number>;
  /** Configured targets against the actual shares. */
  targets: Array<{ name: string; target: number; actual: number; delta: number }>;
}

/** A phrase that opens or closes an outsized share of the responses (the template-tone rule). */
export interface TonePhrase {
  phrase: string;
  position: PhrasePosition;
  count: number;
  share: number;
  /** The first records that use it (0-based while counting; 1-based record numbers in the summary). */
  examples: number[];
}
