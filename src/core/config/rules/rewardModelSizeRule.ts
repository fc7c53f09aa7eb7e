import { msg } from '../../../shared/messageTemplate';
import { formatBillions } from '../facts/modelSize';
import { defineConfigRule } from './configRule';
import { configFinding, entryOf, entryRange } from './configRule';

/**
 * The reward model should be the policy's size or slightly smaller: a larger judge makes PPO
 * unstable (70B reward with a 7B policy very unstable, 13B with 7B still unstable). Sizes come
 * from both model names, or from the size settings.
 */
export const rewardModelSizeRule = defineConfigRule({
  info: [
    {
      code: 'reward-model-larger',
      defaultSeverity: 'warning',
      title: msg('Reward model larger than the policy'),
      why: msg(
        'The reward model should match the policy in size, or be slightly smaller: 70B reward with a 7B policy was very unstable, 13B with 7B still unstable, 7B with 7B best.',
      ),
      settings: ['config.modelSizeB', 'config.rewardModelSizeB'],
    },
  ],
  check(context) {
    const { policy, reward } = context.facts;
    if (!policy || !reward || reward.billions <= policy.billions * 1.05) return [];
    const entry = entryOf(context, reward.key);
    if (!entry) return [];
    return [
      configFinding(
        'reward-model-larger',
        entryRange(entry),
        msg('The reward model ({2}, {0}) is larger than the policy ({3}, {1}); use a reward model of the same size or slightly smaller.'),
        [formatBillions(reward.billions), formatBillions(policy.billions), reward.key, policy.key || 'tunelab.config.modelSizeB'],
        {
          key: reward.key,
          measured: reward.billions,
          recommended: policy.billions,
        },
      ),
    ];
  },
});
