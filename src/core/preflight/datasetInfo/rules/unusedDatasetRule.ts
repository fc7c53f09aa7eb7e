import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';

/**
 * A local dataset no config of the project names. Only local files count: LLaMA-Factory's own
 * dataset_info.json is a catalogue of hub datasets nobody is expected to use all of, while a
 * local file was prepared on purpose. Silent when no config was found at all.
 */
export const unusedDatasetRule: DatasetInfoRule = {
  codes: ['unused-dataset'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const used = context.usedNames;
    if (!used || used.size === 0) return [];
    return context.info.entries
      .filter((entry) => entry.loadFrom === 'file' && !used.has(entry.name))
      .map((entry) =>
        configFinding('unused-dataset', entry.nameRange, msg('No config of the project names dataset {0} in dataset or eval_dataset.'), [entry.name], {
          key: entry.name,
        }),
      );
  },
};
