import type { ConfigFinding } from '../../config/configFindings';
import { compareFindings } from '../../../shared/findings';
import type { ConfigDocument } from '../../config/document/configTree';
import { topLevelValues } from '../../config/document/configTree';
import type { Settings } from '../../settings/settings';
import type { DataFileFacts, RecordSample } from '../datasetInfo/dataFile';
import { summarizeRecords } from '../datasetInfo/dataFile';
import type { DatasetInfoFile } from '../datasetInfo/datasetInfoModel';
import { applySeverities } from '../severities';
import type { ConfigDataContext, ConfigDataRule } from './configDataRule';
import { datasetNameRefs } from './datasetNames';
import { datasetFileRule } from './rules/datasetFileRule';
import { stageDataRule } from './rules/stageDataRule';
import { templateModelRule } from './rules/templateModelRule';
import { unknownDatasetRule } from './rules/unknownDatasetRule';

export const CONFIG_DATA_RULES: readonly ConfigDataRule[] = [unknownDatasetRule, datasetFileRule, stageDataRule, templateModelRule];

export interface ConfigDataInput {
  /** The config parsed with positions (ConfigCheck.document) and its text, for the names' exact ranges. */
  document: ConfigDocument;
  text: string;
  /** dataset_info.json of the config's dataset_dir (loadConfigDataContext finds and parses it); undefined when none was found. */
  info?: DatasetInfoFile;
  /** Facts of the local files of the datasets the config names, by file_name. */
  dataFiles: ReadonlyMap<string, DataFileFacts>;
  settings?: Settings;
}

/**
 * The config ↔ dataset_info.json ↔ data findings of one LLaMA-Factory training config: names
 * that are not defined (with "did you mean"), files that are not there, datasets that do not fit
 * the stage, and a template of another model family. Pure: the editor, `tunelab check` and the
 * pre-flight command read the files (src/core/preflight/loadPreflightData.ts) and call this.
 */
export function checkConfigData(input: ConfigDataInput): ConfigFinding[] {
  const values = topLevelValues(input.document);
  const samples = new Map<string, RecordSample>();
  const context: ConfigDataContext = {
    document: input.document,
    values,
    names: datasetNameRefs(input.document, input.text),
    info: input.info,
    dataFiles: input.dataFiles,
    stage: typeof values.stage === 'string' ? values.stage : 'sft',
    sampleOf(entry) {
      const facts = entry.fileName && input.dataFiles.get(entry.fileName.value);
      if (!facts?.exists || !facts.records?.length) return undefined;
      let sample = samples.get(facts.fileName);
      if (!sample) samples.set(facts.fileName, (sample = summarizeRecords(facts.records)));
      return sample.records > 0 ? { facts, sample } : undefined;
    },
  };
  const findings = CONFIG_DATA_RULES.flatMap((rule) => rule.check(context));
  return applySeverities(findings, input.settings).sort(compareFindings);
}
