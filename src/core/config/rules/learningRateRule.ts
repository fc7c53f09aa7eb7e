import { msg } from '../../dataset/messageTemplate';
import type { ConfigFinding } from '../configFindings';
import { addKeyEdit, numberLiteral, setValueEdit } from '../edits/configEdits';
import { formatBillions } from '../facts/modelSize';
import { recommendedLearningRate } from '../facts/recommendedLearningRate';
import type { ConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

/**
 * Learning rate against the recommendation for the model size, stage and method: a warning
 * above `highFactor` × (default 2×), a hint below `lowFactor` × (default 0.1×). Needs the
 * model size (from `model_name_or_path` or the setting); silent without it.
 */
export const learningRateRule: ConfigRule = {
  codes: ['lr-too-high', 'lr-too-low'],
  check(context) {
    const recommendation = recommendedLearningRate(context.facts, context.settings);
    const value = context.facts.valueOf('learning_rate');
    if (!recommendation || typeof value !== 'number' || value <= 0) return [];
    const high = recommendation.value * context.settings['config.lr.highFactor'];
    const low = recommendation.value * context.settings['config.lr.lowFactor'];
    if (value <= high && value >= low) return [];
    const entry = entryOf(context, 'learning_rate');
    const literal = numberLiteral(recommendation.value);
    const fix = {
      title: msg('Set learning_rate to {0}'),
      args: [literal],
      edits: [entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, 'learning_rate', literal)],
      preferred: true,
    };
    const basis = describeBasis(context.facts.method, recommendation.basis, recommendation.sizeB);
    const args = [numberLiteral(value), basis, literal, Number((value / recommendation.value).toPrecision(2))];
    const data = { key: 'learning_rate', measured: value, recommended: recommendation.value, fixes: [fix] };
    const range = entry ? entryRange(entry) : anchorRange(context);
    const finding: ConfigFinding =
      value > high
        ? configFinding('lr-too-high', range, entry ? msg('learning_rate {0} is {3}× the recommendation for {1} ({2}); large models diverge or forget at high rates.') : msg('learning_rate is not set and defaults to {0}, {3}× the recommendation for {1} ({2}).'), args, data)
        : configFinding('lr-too-low', range, msg('learning_rate {0} is {3}× the recommendation for {1} ({2}); training will barely move the model.'), args, data);
    return [finding];
  },
};

/** "full-parameter SFT of a 7B model", "LoRA PPO", … as an argument (identifiers and sizes only). */
function describeBasis(method: string, basis: 'sft' | 'rl', sizeB: number | undefined): string {
  const size = sizeB !== undefined ? ` ${formatBillions(sizeB)}` : '';
  const stage = basis === 'rl' ? 'RL (PPO/GRPO)' : 'SFT';
  return `${method} ${stage}${basis === 'sft' ? size : ''}`.trim();
}
