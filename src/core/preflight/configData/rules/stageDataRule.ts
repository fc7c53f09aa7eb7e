import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import { isMessagesFormat } from '../../datasetInfo/datasetInfoModel';
import type { ConfigDataContext, ConfigDataRule } from '../configDataRule';

/** LLaMA-Factory's workflows load rm and dpo data as stage "rm", which alone takes ranking datasets. */
const PREFERENCE_STAGES = new Set(['rm', 'dpo']);
const OTHER_STAGES = new Set(['pt', 'sft', 'ppo', 'kto']);

/**
 * Whether each dataset fits the stage, as LLaMA-Factory's loader decides it:
 * - rm / dpo (ORPO and SimPO are dpo) need ranking: true, every other stage refuses it — both
 *   stop the run ("The dataset is not applicable in the current training stage"), so errors;
 * - kto without a kto_tag column reads every answer as desirable (warning);
 * - pt reads only the first prompt of each record, so chat data loses its answers (warning).
 */
export const stageDataRule: ConfigDataRule = {
  codes: ['stage-data-mismatch'],
  check(context: ConfigDataContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    const stage = context.stage;
    for (const ref of context.names) {
      const entry = context.info?.byName.get(ref.name);
      if (!entry) continue;
      const args = [stage, ref.name];
      if (PREFERENCE_STAGES.has(stage) && !entry.ranking.value) {
        findings.push(
          configFinding(
            'stage-data-mismatch',
            ref.range,
            msg(
              'Stage {0} needs preference data, but dataset {1} has no ranking: true: LLaMA-Factory stops with "The dataset is not applicable in the current training stage".',
            ),
            args,
            { key: ref.key },
          ),
        );
      } else if (OTHER_STAGES.has(stage) && entry.ranking.value) {
        findings.push(
          configFinding(
            'stage-data-mismatch',
            ref.range,
            msg(
              'Stage {0} does not take preference data, and dataset {1} has ranking: true: LLaMA-Factory stops with "The dataset is not applicable in the current training stage".',
            ),
            args,
            { key: ref.key },
          ),
        );
      } else if (stage === 'kto' && !entry.columns.kto_tag) {
        findings.push({
          ...configFinding(
            'stage-data-mismatch',
            ref.range,
            msg('Stage kto reads the label from the kto_tag column, which dataset {1} does not name: every answer is taken as desirable.'),
            args,
            { key: ref.key },
          ),
          severity: 'warning',
        });
      } else if (stage === 'pt' && chatData(context, ref.name)) {
        findings.push({
          ...configFinding(
            'stage-data-mismatch',
            ref.range,
            msg(
              'Stage pt trains on the first prompt of each record only, so the answers of dataset {1} are dropped: use stage sft, or map the text column to columns.prompt.',
            ),
            args,
            { key: ref.key },
          ),
          severity: 'warning',
        });
      }
    }
    return findings;
  },
};

/** A conversation format, or alpaca records that have the answer column the entry reads. */
function chatData(context: ConfigDataContext, name: string): boolean {
  const entry = context.info?.byName.get(name);
  if (!entry) return false;
  if (isMessagesFormat(entry.formatting.value)) return true;
  const response = entry.columns.response?.value;
  const sampled = context.sampleOf(entry);
  return response !== undefined && !!sampled?.sample.stringKeys.has(response);
}
