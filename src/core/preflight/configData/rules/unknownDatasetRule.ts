import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { closestKey } from '../../../config/facts/closestKey';
import { msg } from '../../../../shared/messageTemplate';
import type { ConfigDataContext, ConfigDataRule } from '../configDataRule';

/** A name of dataset / eval_dataset that dataset_info.json does not define ("Undefined dataset"). */
export const unknownDatasetRule: ConfigDataRule = {
  codes: ['unknown-dataset'],
  check(context: ConfigDataContext): ConfigFinding[] {
    const info = context.info;
    if (!info) return [];
    const findings: ConfigFinding[] = [];
    for (const ref of context.names) {
      if (info.byName.has(ref.name)) continue;
      const suggestion = closestKey(ref.name, info.byName.keys());
      const fix = suggestion
        ? { fixes: [{ title: msg('Change to {0}'), args: [suggestion], edits: [{ range: ref.range, newText: suggestion }], preferred: true }] }
        : {};
      findings.push(
        suggestion
          ? configFinding(
              'unknown-dataset',
              ref.range,
              msg('Dataset {0} is not in dataset_info.json; did you mean {1}? LLaMA-Factory stops with "Undefined dataset".'),
              [ref.name, suggestion],
              { key: ref.key, ...fix },
            )
          : configFinding(
              'unknown-dataset',
              ref.range,
              msg('Dataset {0} is not in dataset_info.json: LLaMA-Factory stops with "Undefined dataset".'),
              [ref.name],
              { key: ref.key },
            ),
      );
    }
    return findings;
  },
};
