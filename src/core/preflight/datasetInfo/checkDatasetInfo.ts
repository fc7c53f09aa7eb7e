import type { ConfigFinding } from '../../config/configFindings';
import { compareFindings } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';
import type { Settings } from '../../settings/settings';
import { applySeverities } from '../severities';
import type { DataFileFacts } from './dataFile';
import type { DatasetInfoRule } from './datasetInfoRule';
import { datasetInfoContext } from './datasetInfoRule';
import type { DatasetInfoFile } from './datasetInfoModel';
import { parseDatasetInfo } from './datasetInfoModel';
import { columnMismatchRule } from './rules/columnMismatchRule';
import { dataFileMissingRule } from './rules/dataFileMissingRule';
import { formattingMismatchRule } from './rules/formattingMismatchRule';
import { mixedFileTypesRule } from './rules/mixedFileTypesRule';
import { rankingMismatchRule } from './rules/rankingMismatchRule';
import { tagsMismatchRule } from './rules/tagsMismatchRule';
import { unusedDatasetRule } from './rules/unusedDatasetRule';

export const DATASET_INFO_RULES: readonly DatasetInfoRule[] = [
  dataFileMissingRule,
  mixedFileTypesRule,
  formattingMismatchRule,
  columnMismatchRule,
  tagsMismatchRule,
  rankingMismatchRule,
  unusedDatasetRule,
];

export interface DatasetInfoCheckInput {
  /** The text of dataset_info.json (parsed here with positions), or a file parsed already. */
  info: string | DatasetInfoFile;
  /** What is on disk for each local file_name, from loadDataFiles (src/core/preflight/loadPreflightData.ts). */
  dataFiles: ReadonlyMap<string, DataFileFacts>;
  /** Names the project's configs use (for unused-dataset); undefined skips that rule. */
  usedNames?: ReadonlySet<string>;
  /** Only these entries (the pre-flight of one config); all when absent. */
  onlyNames?: ReadonlySet<string>;
  settings?: Settings;
}

export interface DatasetInfoCheck {
  info: DatasetInfoFile;
  findings: ConfigFinding[];
}

/**
 * Checks a dataset_info.json against what is on disk: missing files, folders of mixed types,
 * and formatting / columns / tags / ranking that do not fit the records. Pure: the adapters
 * (CLI, editor, pre-flight) read the files and pass their facts in.
 */
export function checkDatasetInfo(input: DatasetInfoCheckInput): DatasetInfoCheck {
  const info = typeof input.info === 'string' ? parseDatasetInfo(input.info) : input.info;
  const findings: ConfigFinding[] = info.document.syntaxErrors.map((e) => ({
    code: 'syntax',
    severity: 'error',
    range: e.range,
    message: msg('{0}'),
    args: [e.message],
    data: {},
  }));
  if (info.document.syntaxErrors.length === 0) {
    const context = datasetInfoContext(info, input.dataFiles, input.usedNames);
    for (const rule of DATASET_INFO_RULES) findings.push(...rule.check(context));
  }
  const only = input.onlyNames;
  const kept = only ? findings.filter((f) => f.data.key === undefined || only.has(f.data.key)) : findings;
  return { info, findings: applySeverities(kept, input.settings).sort(compareFindings) };
}
