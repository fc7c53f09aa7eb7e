import * as assert from 'node:assert/strict';
import { applyEdits, CLEAN_LORA_SFT, findingsOf, messageOf, STABLE_PPO, STABLE_TRL_PPO, textAt } from '../configHelper';

describe('rule max-grad-norm', () => {
  it('accepts PPO with max_grad_norm ≤ 0.5, and ignores SFT', () => {
    assert.deepEqual(findingsOf(STABLE_PPO, 'max-grad-norm'), []);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO.replace('max_grad_norm: 0.5', 'max_grad_norm: 0.3'), 'max-grad-norm'), []);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'max-grad-norm'), []);
  });

  it('warns when PPO leaves it at the default 1.0, and adds 0.5', () => {
    const text = STABLE_PPO.replace('max_grad_norm: 0.5\n', '');
    const [finding] = findingsOf(text, 'max-grad-norm');
    assert.equal(finding.severity, 'warning');
    assert.equal(messageOf(finding), 'PPO without max_grad_norm clips at the default 1; set 0.5 to keep gradients from exploding.');
    assert.deepEqual(findingsOf(applyEdits(text, finding.data.fixes?.[0].edits ?? []), 'max-grad-norm'), []);
  });

  it('warns when legacy TRL PPO does not clip at all', () => {
    const [finding] = findingsOf('model_name: gpt2\ninit_kl_coef: 0.05\nppo_epochs: 4\n', 'max-grad-norm', { kind: 'trl-ppo-legacy' });
    assert.match(messageOf(finding), /does not clip gradients \(None\)/);
  });

  it('warns on a looser value, on its line', () => {
    const text = STABLE_PPO.replace('max_grad_norm: 0.5', 'max_grad_norm: 1.0');
    const [finding] = findingsOf(text, 'max-grad-norm');
    assert.equal(textAt(text, finding.range), 'max_grad_norm: 1.0');
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), STABLE_PPO);
  });
});
