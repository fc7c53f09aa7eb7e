import * as assert from 'node:assert/strict';
import { applyEdits, CLEAN_LORA_SFT, findingsOf, messageOf, STABLE_PPO, STABLE_TRL_PPO, textAt } from '../configHelper';

describe('rule ppo-stable-default', () => {
  it('says nothing when a PPO config follows the stable set, or for other stages', () => {
    assert.deepEqual(findingsOf(STABLE_PPO, 'ppo-stable-default'), []);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO, 'ppo-stable-default'), []);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT.replace('lora_rank: 64', 'lora_rank: 64\ntemperature: 0.95'), 'ppo-stable-default'), []);
  });

  it('hints on each deviating key, with a fix', () => {
    const text = STABLE_PPO.replace('top_p: 0.9', 'top_p: 0.7');
    const [finding] = findingsOf(text, 'ppo-stable-default');
    assert.equal(finding.severity, 'hint');
    assert.equal(textAt(text, finding.range), 'top_p: 0.7');
    assert.equal(messageOf(finding), 'top_p is 0.7; the PPO stable set uses 0.9.');
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), STABLE_PPO);
  });

  it('lists framework defaults that deviate in one hint and adds them all', () => {
    const text = STABLE_PPO.replace('temperature: 0.7\n', '').replace('repetition_penalty: 1.2\n', '');
    const findings = findingsOf(text, 'ppo-stable-default');
    assert.equal(findings.length, 1);
    assert.equal(messageOf(findings[0]), 'Framework defaults that differ from the PPO stable set: temperature 0.95 → 0.7, repetition_penalty 1 → 1.2.');
    const fixed = applyEdits(text, findings[0].data.fixes?.[0].edits ?? []);
    assert.deepEqual(findingsOf(fixed, 'ppo-stable-default'), []);
  });

  it('computes the mini-batch from batch × accumulation and fixes the accumulation', () => {
    const text = STABLE_PPO.replace('gradient_accumulation_steps: 8', 'gradient_accumulation_steps: 2');
    const [finding] = findingsOf(text, 'ppo-stable-default');
    assert.match(messageOf(finding), /mini-batch is 4 \(per_device_train_batch_size 2 × gradient_accumulation_steps 2\)/);
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), STABLE_PPO);
  });

  it('checks TRL clip ranges and epochs under their TRL names', () => {
    const text = STABLE_TRL_PPO.replace('cliprange: 0.2', 'cliprange: 0.3').replace('num_ppo_epochs: 4', 'num_ppo_epochs: 1');
    assert.deepEqual(
      findingsOf(text, 'ppo-stable-default').map((f) => f.data.key),
      ['cliprange', 'num_ppo_epochs'],
    );
  });
});
