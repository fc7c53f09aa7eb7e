import { msg } from '../../../shared/messageTemplate';
import { defineConfigRule } from './configRule';
import { configFinding, entryOf, entryRange } from './configRule';

/**
 * LLaMA-Factory's PPO stage has no KL coefficient key: it uses TRL's legacy adaptive
 * controller, starting at 0.2 and steering towards `ppo_target`. Said once, as information on
 * the `stage: ppo` line, so nobody goes looking for a `kl_coef` to set.
 */
export const ppoAdaptiveKlRule = defineConfigRule({
  info: [
    {
      code: 'ppo-adaptive-kl',
      defaultSeverity: 'info',
      title: msg('LLaMA-Factory PPO uses an adaptive KL controller'),
      why: msg(
        "LLaMA-Factory has no KL coefficient key: TRL's adaptive controller starts at 0.2 and steers towards ppo_target (default 6.0), above the stable 0.05–0.08.",
      ),
      settings: [],
    },
  ],
  check(context) {
    if (context.kind !== 'llamafactory-train' || context.facts.stage !== 'ppo') return [];
    const stage = entryOf(context, 'stage');
    if (!stage) return [];
    const target = context.facts.valueOf('ppo_target');
    return [
      configFinding(
        'ppo-adaptive-kl',
        entryRange(stage),
        msg(
          'LLaMA-Factory PPO has no KL coefficient key: an adaptive controller starts at 0.2 and steers the KL towards ppo_target ({0}). The stable fixed range from PPO practice is {1}–{2}; watch the KL in the training log.',
        ),
        [typeof target === 'number' ? target : 6, context.settings['config.kl.min'], context.settings['config.kl.max']],
        { key: 'stage' },
      ),
    ];
  },
});
