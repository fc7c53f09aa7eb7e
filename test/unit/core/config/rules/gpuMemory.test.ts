import * as assert from 'node:assert/strict';
import { defaultSettings } from '../../../../../src/core/settings/settings';
import type { Settings } from '../../../../../src/core/settings/settings';
import { checkConfig } from '../../../../../src/core/config/checkConfig';
import { clusterFromSlurm } from '../../../../../src/core/config/facts/clusterShape';
import { estimateMemory } from '../../../../../src/core/config/facts/memoryEstimate';
import { CLEAN_LORA_SFT, findingsOf, messageOf, textAt } from '../configHelper';

const FULL_7B = CLEAN_LORA_SFT.replace('finetuning_type: lora', 'finetuning_type: full').replace('learning_rate: 1.0e-4', 'learning_rate: 1.0e-5');
const FULL_3B = FULL_7B.replace('Qwen2.5-7B-Instruct', 'Qwen2.5-3B-Instruct');
/** A LoRA run whose activations, not its model states, overflow a 24 GiB card. */
const LONG_LORA = CLEAN_LORA_SFT.replace('per_device_train_batch_size: 1', 'per_device_train_batch_size: 16').replace('cutoff_len: 2048', 'cutoff_len: 8192');
const Z3 = 'deepspeed: examples/deepspeed/ds_z3_config.json\n';

describe('rule gpu-memory', () => {
  it('says nothing without a target GPU', () => {
    assert.deepEqual(findingsOf(FULL_7B, 'gpu-memory'), []);
  });

  it('accepts a config that fits the target GPU', () => {
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 24 } }), []);
  });

  it('warns when the estimate exceeds the target, on the model line, with the GPUs and where they came from', () => {
    const [finding] = findingsOf(LONG_LORA, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 24, 'config.gpu.count': 4 } });
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(LONG_LORA, finding.range), 'model_name_or_path: Qwen/Qwen2.5-7B-Instruct');
    assert.match(
      messageOf(finding),
      /^Estimated \d+\.\d GiB per GPU \(from model_name_or_path, per_device_train_batch_size, cutoff_len, …\) does not fit the target GPUs, 4 × 24 GiB \(tunelab\.config\.gpu\.\*\)\.$/,
    );
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 24, 'config.gpu.count': 4 } }), []);
  });

  it('shards across nodes × GPUs per node: ZeRO-3 of a 7B does not fit 2 GPUs of 40 GiB but fits 2 nodes of them', () => {
    const settings = { 'config.gpu.memoryGB': 40, 'config.gpu.count': 2 };
    const [finding] = findingsOf(FULL_7B + Z3, 'gpu-memory', { settings });
    assert.match(messageOf(finding), /does not fit the target GPUs, 2 × 40 GiB/);
    assert.deepEqual(findingsOf(FULL_7B + Z3, 'gpu-memory', { settings: { ...settings, 'config.gpu.nodes': 2 } }), []);
  });

  it('names a Slurm target as the source of the count and the setting as the source of the memory', () => {
    const settings = { ...defaultSettings(), 'config.gpu.memoryGB': 24 } as Settings;
    const cluster = clusterFromSlurm('hpc', { nodes: 2, gpusPerNode: 1 }, settings);
    const check = checkConfig(FULL_3B + Z3.replace('z3', 'z2'), 'yaml', { settings, cluster });
    const [finding] = check.findings.filter((f) => f.code === 'gpu-memory');
    assert.match(messageOf(finding), /does not fit the target GPUs, 2×1 × 24 GiB \(tunelab\.jobs\.slurm "hpc"; tunelab\.config\.gpu\.\*\)/);
  });

  it('leaves a config with no sharding whose model states alone overflow the GPU to sharding-required', () => {
    const settings = { 'config.gpu.memoryGB': 80, 'config.gpu.count': 4 };
    assert.deepEqual(findingsOf(FULL_7B, 'gpu-memory', { settings }), []);
    assert.equal(findingsOf(FULL_7B, 'sharding-required', { settings }).length, 1);
  });

  it('says nothing about a LLaMA-Factory config that only predicts or evaluates, or whose model the estimate cannot see split', () => {
    const settings = { 'config.gpu.memoryGB': 24 };
    assert.equal(findingsOf(LONG_LORA, 'gpu-memory', { settings }).length, 1);
    const predict = LONG_LORA.replace('do_train: true', 'do_predict: true');
    assert.ok(predict.includes('do_predict: true'), 'the fixture must have do_train to replace');
    assert.deepEqual(findingsOf(predict, 'gpu-memory', { settings }), []);
    assert.deepEqual(findingsOf(LONG_LORA + 'use_kt: true\n', 'gpu-memory', { settings }), []);
    assert.deepEqual(findingsOf('# accelerate launch --config_file fsdp_config.yaml\n' + LONG_LORA, 'gpu-memory', { settings }), []);
  });

  it("lists a target equal to one of the rules' plans once", () => {
    const check = checkConfig(LONG_LORA, 'yaml', { settings: defaultSettings() });
    const target = { label: '1×24 GiB', gpus: 1, memoryGB: 24 };
    const lens = (check.facts && estimateMemory(check.facts, [target]))?.plans.map((plan) => plan.label) ?? [];
    assert.equal(lens.filter((label) => label === '1×24 GiB').length, 1, lens.join(', '));
  });
});
