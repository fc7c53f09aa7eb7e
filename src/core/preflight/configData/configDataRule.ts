import type { ConfigFinding } from '../../config/configFindings';
import type { ConfigFindingCode } from '../../../shared/findings';
import type { ConfigDocument } from '../../config/document/configTree';
import type { DataFileFacts, RecordSample } from '../datasetInfo/dataFile';
import type { DatasetInfoFile, InfoEntry } from '../datasetInfo/datasetInfoModel';
import type { DatasetNameRef } from './datasetNames';

/** What a config ↔ data rule reads. */
export interface ConfigDataContext {
  document: ConfigDocument;
  /** Top-level keys and plain values of the config. */
  values: Readonly<Record<string, unknown>>;
  /** Every name of dataset / eval_dataset, with its position. */
  names: readonly DatasetNameRef[];
  /** dataset_info.json of dataset_dir, parsed; undefined when it was not found. */
  info?: DatasetInfoFile;
  /** The file facts of the entries the config uses, by file_name. */
  dataFiles: ReadonlyMap<string, DataFileFacts>;
  /** LLaMA-Factory's stage (default sft). */
  stage: string;
  /** The sampled records of an entry's file, summarised once. */
  sampleOf(entry: InfoEntry): { facts: DataFileFacts; sample: RecordSample } | undefined;
}

export interface ConfigDataRule {
  readonly codes: readonly ConfigFindingCode[];
  check(context: ConfigDataContext): ConfigFinding[];
}
