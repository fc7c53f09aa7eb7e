import * as assert from 'node:assert/strict';
import { fullSftLearningRate } from '../../../../../src/core/config/facts/recommendedLearningRate';
import { defaultSettings } from '../../../../../src/core/settings/settings';
import { applyEdits, CLEAN_LORA_SFT, findingsOf, messageOf, STABLE_PPO, STABLE_TRL_PPO, textAt } from '../configHelper';

const FULL_SFT = (model: string, lr: string) =>
  `model_name_or_path: ${model}\nstage: sft\ndo_train: true\nfinetuning_type: full\ndataset: identity\ntemplate: qwen\noutput_dir: out\nlearning_rate: ${lr}\n`;

describe('rules lr-too-high / lr-too-low', () => {
  it('follows the domain curve: 7B 1e-5, 13B 5.4e-6, 70B 1e-6, interpolated, 7B figure below 7B', () => {
    const s = defaultSettings();
    assert.equal(fullSftLearningRate(7, s), 1e-5);
    assert.ok(Math.abs(fullSftLearningRate(13, s) - 5.4e-6) < 1e-12);
    assert.ok(Math.abs(fullSftLearningRate(70, s) - 1e-6) < 1e-12);
    const at30 = fullSftLearningRate(30, s);
    assert.ok(at30 < 5.4e-6 && at30 > 1e-6);
    assert.equal(fullSftLearningRate(0.5, s), 1e-5);
    assert.ok(fullSftLearningRate(235, s) < 1e-6);
  });

  it('accepts full SFT at the recommendation and LoRA at 10×', () => {
    assert.deepEqual(findingsOf(FULL_SFT('Qwen/Qwen2.5-7B-Instruct', '1.0e-5'), 'lr-too-high'), []);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'lr-too-high'), []);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'lr-too-low'), []);
  });

  it('warns above 2× for the model size (size from the name), with a fix', () => {
    const text = FULL_SFT('Qwen/Qwen2.5-72B-Instruct', '2e-5');
    const [finding] = findingsOf(text, 'lr-too-high');
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding.range), 'learning_rate: 2e-5');
    assert.match(messageOf(finding), /learning_rate 2\.0e-5 is \d+× the recommendation for full SFT, 72B model/);
    assert.match(applyEdits(text, finding.data.fixes?.[0].edits ?? []), /^learning_rate: 9\.\d+e-7$/m);
  });

  it('reads MoE names by total size (Qwen3-30B-A3B is 30B) and only notes them: the figures are for dense models', () => {
    const [finding] = findingsOf(FULL_SFT('Qwen/Qwen3-30B-A3B-Instruct-2507', '1.0e-4'), 'lr-too-high');
    assert.match(messageOf(finding), /full SFT, 30B model/);
    assert.equal(finding.severity, 'info');
  });

  it('only notes what the figures do not measure: LoRA multiplier, models under 7B', () => {
    const [lora] = findingsOf(CLEAN_LORA_SFT.replace('learning_rate: 1.0e-4', 'learning_rate: 5.0e-4'), 'lr-too-high');
    assert.equal(lora.severity, 'info');
    assert.match(messageOf(lora), /extrapolated/);
    const [small] = findingsOf(FULL_SFT('Qwen/Qwen2.5-0.5B', '1.0e-4'), 'lr-too-high');
    assert.equal(small.severity, 'info');
    const [seven] = findingsOf(FULL_SFT('Qwen/Qwen2.5-7B', '1.0e-4'), 'lr-too-high');
    assert.equal(seven.severity, 'warning');
  });

  it('says nothing for optimizers on another scale (Muon)', () => {
    assert.deepEqual(findingsOf(`${FULL_SFT('Qwen/Qwen2.5-7B', '0.02')}optim: muon\n`, 'lr-too-high'), []);
  });

  it('hints below 0.1× (a hint, not a problem)', () => {
    const [finding] = findingsOf(FULL_SFT('Qwen/Qwen2.5-7B', '5.0e-7'), 'lr-too-low');
    assert.equal(finding.severity, 'hint');
    assert.deepEqual(findingsOf(FULL_SFT('Qwen/Qwen2.5-7B', '2.0e-6'), 'lr-too-low'), []);
  });

  it('uses 1e-6 for PPO (10× with LoRA) and TRL PPO', () => {
    assert.deepEqual(findingsOf(STABLE_PPO, 'lr-too-high'), []);
    assert.equal(findingsOf(STABLE_PPO.replace('learning_rate: 1.0e-5', 'learning_rate: 1.0e-4'), 'lr-too-high').length, 1);
    assert.deepEqual(findingsOf(STABLE_TRL_PPO, 'lr-too-high'), []);
    assert.equal(findingsOf(STABLE_TRL_PPO.replace('learning_rate: 1.0e-6', 'learning_rate: 1.0e-5'), 'lr-too-high').length, 1);
  });

  it('checks the framework default when learning_rate is absent', () => {
    const text = FULL_SFT('meta-llama/Llama-2-13b-hf', '1').replace('learning_rate: 1\n', '');
    const [finding] = findingsOf(text, 'lr-too-high');
    assert.match(messageOf(finding), /learning_rate is not set and defaults to 5\.0e-5/);
  });

  it('stays silent without a model size, unless the size setting gives one', () => {
    const text = FULL_SFT('/data/models/my-model', '1.0e-4');
    assert.deepEqual(findingsOf(text, 'lr-too-high'), []);
    assert.equal(findingsOf(text, 'lr-too-high', { settings: { 'config.modelSizeB': 70 } }).length, 1);
  });

  it('has no figure for DPO or KTO', () => {
    assert.deepEqual(findingsOf(FULL_SFT('Qwen/Qwen2.5-72B', '1.0e-4').replace('stage: sft', 'stage: dpo'), 'lr-too-high'), []);
  });

  it('follows the multiplier and factor settings', () => {
    assert.equal(findingsOf(CLEAN_LORA_SFT, 'lr-too-high', { settings: { 'config.lr.peftMultiplier': 4 } }).length, 1);
    assert.deepEqual(findingsOf(FULL_SFT('Qwen/Qwen2.5-72B', '2e-5'), 'lr-too-high', { settings: { 'config.lr.highFactor': 30 } }), []);
  });
});
