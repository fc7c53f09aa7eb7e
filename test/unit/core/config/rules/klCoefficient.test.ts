import * as assert from 'node:assert/strict';
import { applyEdits, findingsOf, messageOf, STABLE_TRL_PPO, textAt } from '../configHelper';

describe('rule kl-out-of-range', () => {
  it('accepts TRL kl_coef inside 0.05–0.08', () => {
    assert.deepEqual(findingsOf(STABLE_TRL_PPO, 'kl-out-of-range'), []);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO.replace('kl_coef: 0.05', 'kl_coef: 0.08'), 'kl-out-of-range'), []);
  });

  it('warns at 0.01 (drift, garbled output) on the kl_coef line, with a fix to 0.05', () => {
    const text = STABLE_TRL_PPO.replace('kl_coef: 0.05', 'kl_coef: 0.01');
    const [finding] = findingsOf(text, 'kl-out-of-range');
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding.range), 'kl_coef: 0.01');
    assert.match(messageOf(finding), /below the stable PPO range 0\.05–0\.08: the policy drifts .* garbled/);
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), STABLE_TRL_PPO);
  });

  it('warns at 0.2 (nothing learned)', () => {
    const [finding] = findingsOf(STABLE_TRL_PPO.replace('kl_coef: 0.05', 'kl_coef: 0.2'), 'kl-out-of-range');
    assert.match(messageOf(finding), /above the stable PPO range .* learns almost nothing/);
  });

  it('checks legacy init_kl_coef, including its 0.2 default when absent', () => {
    const legacy = 'model_name: gpt2\nadap_kl_ctrl: true\nppo_epochs: 4\nmini_batch_size: 16\nlearning_rate: 1.41e-5\n';
    const [absent] = findingsOf(legacy, 'kl-out-of-range', { kind: 'trl-ppo-legacy' });
    assert.equal(messageOf(absent), 'init_kl_coef is not set and defaults to 0.2, outside the stable PPO range 0.05–0.08.');
    assert.match(applyEdits(legacy, absent.data.fixes?.[0].edits ?? []), /^init_kl_coef: 0\.05$/m);
    assert.deepEqual(findingsOf(`${legacy}init_kl_coef: 0.06\n`, 'kl-out-of-range', { kind: 'trl-ppo-legacy' }), []);
  });

  it('never applies the PPO range to DPO/KTO beta, pref_beta or GRPO beta', () => {
    assert.deepEqual(findingsOf('model_name_or_path: x\ndataset_name: y\nbeta: 0.5\nloss_type: sigmoid\n', 'kl-out-of-range', { kind: 'trl-dpo' }), []);
    assert.deepEqual(findingsOf('model_name_or_path: x\nbeta: 0.01\ndesirable_weight: 1.0\n', 'kl-out-of-range', { kind: 'trl-kto' }), []);
    assert.deepEqual(findingsOf('model_name_or_path: x\nbeta: 0.2\nnum_generations: 8\n', 'kl-out-of-range', { kind: 'trl-grpo' }), []);
    assert.deepEqual(findingsOf('model_name_or_path: x\nstage: dpo\npref_beta: 0.5\n', 'kl-out-of-range'), []);
  });

  it('follows the range settings', () => {
    const text = STABLE_TRL_PPO.replace('kl_coef: 0.05', 'kl_coef: 0.1');
    assert.equal(findingsOf(text, 'kl-out-of-range').length, 1);
    assert.deepEqual(findingsOf(text, 'kl-out-of-range', { settings: { 'config.kl.max': 0.12 } }), []);
  });
});
