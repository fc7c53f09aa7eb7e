import type { ConfigFinding } from '../../config/configFindings';
import type { ConfigFindingCode } from '../../../shared/findings';
import type { DataFileFacts, RecordSample } from './dataFile';
import { summarizeRecords } from './dataFile';
import type { DatasetInfoFile, InfoEntry } from './datasetInfoModel';

/** What a dataset_info.json rule reads: the parsed file, what is on disk, and which names configs use. */
export interface DatasetInfoContext {
  info: DatasetInfoFile;
  /** The facts of each local file_name (as written). An entry whose file is not here is not compared with data. */
  dataFiles: ReadonlyMap<string, DataFileFacts>;
  /** Dataset names the project's configs use; undefined when no config was found (then nothing is "unused"). */
  usedNames?: ReadonlySet<string>;
  /** The sampled records of an entry's file, summarised once and shared by the rules. */
  sampleOf(entry: InfoEntry): { facts: DataFileFacts; sample: RecordSample } | undefined;
}

/** One dataset_info.json rule, one file: reads the context, returns findings. */
export interface DatasetInfoRule {
  readonly codes: readonly ConfigFindingCode[];
  check(context: DatasetInfoContext): ConfigFinding[];
}

export function datasetInfoContext(info: DatasetInfoFile, dataFiles: ReadonlyMap<string, DataFileFacts>, usedNames?: ReadonlySet<string>): DatasetInfoContext {
  const samples = new Map<string, RecordSample>();
  return {
    info,
    dataFiles,
    usedNames,
    sampleOf(entry) {
      const facts = entry.fileName && dataFiles.get(entry.fileName.value);
      if (!facts?.exists || !facts.records || facts.records.length === 0) return undefined;
      let sample = samples.get(facts.fileName);
      if (!sample) samples.set(facts.fileName, (sample = summarizeRecords(facts.records)));
      return sample.records > 0 ? { facts, sample } : undefined;
    },
  };
}
