import { msg } from '../../../shared/messageTemplate';
import type { ConfigRule } from './configRule';
import { configFinding, entryOf, entryRange } from './configRule';

/**
 * LLaMA-Factory's PPO stage has no KL coefficient key: it uses TRL's legacy adaptive
 * controller, starting at 0.2 and steering towards `ppo_target`. Said once, as information on
 * the `stage: ppo` line, so nobody goes looking for a `kl_coef` to set.
 */
export const ppoAdaptiveKlRule: ConfigRule = {
  codes: ['ppo-adaptive-kl'],
  check(context) {
    if (context.kind !== 'llamafactory-train' || context.facts.stage !== 'ppo') return [];
    const stage = entryOf(context, 'stage');
    if (!stage) return [];
    const target = context.facts.valueOf('ppo_target');
    return [
      configFinding(
        'ppo-adaptive-kl',
        entryRange(stage),
        msg('LLaMA-Factory PPO has no KL coefficient key: an adaptive controller starts at 0.2 and steers the KL towards ppo_target ({0}). The stable fixed range from PPO practice is {1}–{2}; watch the KL in the training log.'),
        [typeof target === 'number' ? target : 6, context.settings['config.kl.min'], context.settings['config.kl.max']],
        { key: 'stage' },
      ),
    ];
  },
};
