import { msg } from '../../../shared/messageTemplate';
import { addKeyEdit, numberLiteral, setValueEdit } from '../editing/configEdits';
import { formatBillions, isMixtureOfExperts } from '../facts/modelSize';
import { recommendedLearningRate } from '../facts/recommendedLearningRate';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

/** Optimizers whose learning rates live on another scale (Muon's 0.02): no AdamW figure applies. */
const OTHER_SCALE_OPTIMIZERS = /muon|dion|sinkgd|sgd|lion|adafactor|schedule_free/i;

/**
 * Learning rate against the recommendation for the model size, stage and method: above
 * `highFactor` × (default 2×) it is a warning where the figures were measured (full-parameter
 * SFT of a dense 7B–80B model, RL at 1e-6) and a note where they are extrapolated (LoRA's
 * multiplier, smaller or larger models, mixtures of experts, pre-training); below `lowFactor` ×
 * (default 0.1×) a hint. Needs the model size (from the model key or the setting); silent
 * without it, and for optimizers on another scale.
 */
export const learningRateRule = defineConfigRule({
  info: [
    {
      code: 'lr-too-high',
      defaultSeverity: 'warning',
      title: msg('Learning rate too high for the model'),
      why: msg(
        'The learning rate should shrink as the model grows (full SFT: 7B 1e-5, 13B 5.4e-6, 70B 1e-6; PPO 1e-6). A blanket 2e-5 often fails to converge; better too small than too large.',
      ),
      settings: [
        'config.lr.full7B',
        'config.lr.full13B',
        'config.lr.full70B',
        'config.lr.rl',
        'config.lr.peftMultiplier',
        'config.lr.highFactor',
        'config.modelSizeB',
      ],
    },
    {
      code: 'lr-too-low',
      defaultSeverity: 'hint',
      title: msg('Learning rate far below the recommendation'),
      why: msg('A learning rate under a tenth of the recommendation mostly wastes compute: the model barely moves.'),
      settings: ['config.lr.lowFactor', 'config.lr.peftMultiplier', 'config.modelSizeB'],
    },
  ],
  check(context) {
    const recommendation = recommendedLearningRate(context.facts, context.settings);
    const value = context.facts.valueOf('learning_rate');
    if (!recommendation || typeof value !== 'number' || value <= 0) return [];
    const optimizer = context.facts.valueOf(context.facts.keys.optimizer);
    if (typeof optimizer === 'string' && OTHER_SCALE_OPTIMIZERS.test(optimizer)) return [];
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
    const basis = describeBasis(context.facts.method, context.facts.stage, recommendation.basis, recommendation.sizeB);
    const args = [numberLiteral(value), basis, literal, Number((value / recommendation.value).toPrecision(2))];
    const data = { key: 'learning_rate', measured: value, recommended: recommendation.value, fixes: [fix] };
    const range = entry ? entryRange(entry) : anchorRange(context);
    if (value < low)
      return [
        configFinding('lr-too-low', range, msg('learning_rate {0} is {3}× the recommendation for {1} ({2}); training will barely move the model.'), args, data),
      ];
    if (!isMeasured(context, recommendation.basis, recommendation.sizeB)) {
      return [
        {
          ...configFinding(
            'lr-too-high',
            range,
            entry
              ? msg(
                  'learning_rate {0} is {3}× the figure for {1} ({2}); that figure is extrapolated from full fine-tuning of dense 7B–70B models, so take it as a starting point.',
                )
              : msg(
                  'learning_rate is not set and defaults to {0}, {3}× the figure for {1} ({2}); that figure is extrapolated from full fine-tuning of dense 7B–70B models.',
                ),
            args,
            data,
          ),
          severity: 'info',
        },
      ];
    }
    return [
      configFinding(
        'lr-too-high',
        range,
        entry
          ? msg('learning_rate {0} is {3}× the recommendation for {1} ({2}); large models diverge or forget at high rates.')
          : msg('learning_rate is not set and defaults to {0}, {3}× the recommendation for {1} ({2}).'),
        args,
        data,
      ),
    ];
  },
});

/** Where the domain figures come from: full-parameter SFT of dense 7B–70B models, and RL at 1e-6. */
function isMeasured(context: ConfigRuleContext, basis: 'sft' | 'rl', sizeB: number | undefined): boolean {
  const facts = context.facts;
  if (facts.policy && isMixtureOfExperts(facts.policy.name)) return false;
  if (basis === 'rl') return facts.method === 'full';
  return facts.stage === 'sft' && facts.method === 'full' && sizeB !== undefined && sizeB >= 7 && sizeB <= 80;
}

/** "full SFT, 7B model", "lora RL (PPO/GRPO)", … as an argument (identifiers and sizes only). */
function describeBasis(method: string, stage: string, basis: 'sft' | 'rl', sizeB: number | undefined): string {
  if (basis === 'rl') return `${method} RL (PPO/GRPO)`;
  const what = `${method} ${stage === 'pt' ? 'pre-training' : 'SFT'}`;
  return sizeB !== undefined ? `${what}, ${formatBillions(sizeB)} model` : what;
}
