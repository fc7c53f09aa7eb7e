import * as assert from 'node:assert/strict';
import { CLEAN_LORA_SFT, findingsOf, messageOf, STABLE_PPO, STABLE_TRL_PPO, textAt } from '../configHelper';

describe('rule ppo-adaptive-kl', () => {
  it("explains LLaMA-Factory PPO's adaptive controller on the stage line", () => {
    const [finding] = findingsOf(STABLE_PPO, 'ppo-adaptive-kl');
    assert.equal(finding.severity, 'info');
    assert.equal(textAt(STABLE_PPO, finding.range), 'stage: ppo');
    assert.match(messageOf(finding), /starts at 0\.2 .* ppo_target \(6\)/);
    const target = findingsOf(`${STABLE_PPO}ppo_target: 3.0\n`, 'ppo-adaptive-kl')[0];
    assert.match(messageOf(target), /ppo_target \(3\)/);
  });

  it('says nothing for other stages or TRL PPO', () => {
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'ppo-adaptive-kl'), []);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO, 'ppo-adaptive-kl'), []);
  });
});
