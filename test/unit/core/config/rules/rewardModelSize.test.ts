import * as assert from 'node:assert/strict';
import { findingsOf, messageOf, STABLE_PPO, STABLE_TRL_PPO, textAt } from '../configHelper';

describe('rule reward-model-larger', () => {
  it('accepts a reward model of the same size or smaller', () => {
    assert.deepEqual(findingsOf(STABLE_PPO.replace('saves/qwen2.5-7b/lora/reward', 'my/qwen2.5-7b-rm'), 'reward-model-larger'), []);
    assert.deepEqual(findingsOf(STABLE_PPO.replace('saves/qwen2.5-7b/lora/reward', 'my/qwen2.5-3b-rm'), 'reward-model-larger'), []);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO, 'reward-model-larger'), []);
  });

  it('warns when the reward model is larger, on the reward model line', () => {
    const text = STABLE_PPO.replace('saves/qwen2.5-7b/lora/reward', 'Qwen/Qwen2.5-72B-RM');
    const [finding] = findingsOf(text, 'reward-model-larger');
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding.range), 'reward_model: Qwen/Qwen2.5-72B-RM');
    assert.equal(
      messageOf(finding),
      'The reward model (reward_model, 72B) is larger than the policy (model_name_or_path, 7B); use a reward model of the same size or slightly smaller.',
    );
    const trl = STABLE_TRL_PPO.replace('my-org/qwen2.5-7b-reward', 'my-org/qwen2.5-14b-reward');
    assert.equal(findingsOf(trl, 'reward-model-larger').length, 1);
  });

  it('uses the size settings when names carry no size, and skips API reward models', () => {
    const text = STABLE_PPO.replace('saves/qwen2.5-7b/lora/reward', 'saves/rm');
    assert.deepEqual(findingsOf(text, 'reward-model-larger'), []);
    assert.equal(findingsOf(text, 'reward-model-larger', { settings: { 'config.rewardModelSizeB': 13 } }).length, 1);
    const api = STABLE_PPO.replace('saves/qwen2.5-7b/lora/reward', 'http://rm.local/72b').replace('stage: ppo', 'stage: ppo\nreward_model_type: api');
    assert.deepEqual(findingsOf(api, 'reward-model-larger', { settings: { 'config.rewardModelSizeB': 72 } }), []);
  });
});
