import * as assert from 'node:assert/strict';
import { estimateMemory, gib, shardingOf } from '../../../../src/core/config/facts/memoryEstimate';
import { modelSizeFromName } from '../../../../src/core/config/facts/modelSize';
import { trainingFacts } from '../../../../src/core/config/facts/trainingFacts';
import { topLevelValues } from '../../../../src/core/config/document/configTree';
import { parseYamlConfig } from '../../../../src/core/config/document/parseYamlConfig';
import { defaultSettings } from '../../../../src/core/settings/settings';

const facts = (yaml: string) => trainingFacts('llamafactory-train', topLevelValues(parseYamlConfig(yaml)), defaultSettings());

describe('model size from names', () => {
  const cases: Array<[string, number | undefined]> = [
    ['Qwen/Qwen2.5-7B-Instruct', 7],
    ['Qwen/Qwen3-30B-A3B-Instruct-2507', 30],
    ['Qwen/Qwen1.5-0.5B-Chat', 0.5],
    ['meta-llama/Llama-3.2-1B-Instruct', 1],
    ['meta-llama/Meta-Llama-3-8B-Instruct', 8],
    ['HuggingFaceTB/SmolLM2-135M', 0.135],
    ['mistralai/Mixtral-8x7B-v0.1', 56],
    ['/data/models/llama3-70b', 70],
    ['saves/qwen2.5-7b_sft/checkpoint-100', 7],
    ['deepseek-ai/DeepSeek-V3-0324-BF16', 671],
    ['/path/to/DeepSeek-V3.1-source', 671],
    ['deepseek-ai/DeepSeek-V2-Lite', 16],
    ['gpt2', 0.124],
    ['saves/my-model', undefined],
    ['Qwen/Qwen2.5-Math', undefined],
  ];
  for (const [name, billions] of cases) {
    it(`${name} → ${billions ?? 'unknown'}`, () => assert.equal(modelSizeFromName(name)?.billions, billions));
  }
});

describe('GPU memory estimate', () => {
  it('counts 16 bytes a parameter for full mixed-precision fine-tuning', () => {
    const estimate = estimateMemory(
      facts('model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: full\nper_device_train_batch_size: 1\ncutoff_len: 1024\n'),
    );
    assert.ok(estimate);
    const states = estimate.parts.weights + estimate.parts.gradients + estimate.parts.optimizer;
    assert.equal(Math.round(states / 7e9), 16);
    assert.equal(estimate.plans.find((p) => p.label === '1×24 GiB')?.fits, false);
    // Replicated (no ZeRO): more GPUs do not help, but ZeRO-3 across four 80 GB cards would.
    const four = estimate.plans.find((p) => p.label === '4×80 GiB');
    assert.equal(four?.fits, false);
    assert.equal(four?.fitsWithZero3, true);
  });

  it('fits QLoRA on a 7B model into one 24 GB GPU, and LoRA weights at 2 bytes', () => {
    const qlora = estimateMemory(
      facts(
        'model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: lora\nquantization_bit: 4\nlora_rank: 64\nper_device_train_batch_size: 1\ncutoff_len: 2048\n',
      ),
    );
    assert.ok(qlora);
    assert.equal(qlora.plans[0].fits, true);
    assert.ok(qlora.singleGpuGiB > 5 && qlora.singleGpuGiB < 16, `${qlora.singleGpuGiB}`);
    assert.ok(qlora.trainableBillions > 0.05 && qlora.trainableBillions < 0.5);
    const lora = estimateMemory(
      facts('model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: lora\nlora_rank: 64\nper_device_train_batch_size: 1\ncutoff_len: 2048\n'),
    );
    assert.ok(lora && lora.singleGpuGiB > qlora.singleGpuGiB + 8);
  });

  it('grows with batch and length, and shrinks with ZeRO-3 across GPUs', () => {
    const base = 'model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: full\n';
    const small = estimateMemory(facts(`${base}per_device_train_batch_size: 1\ncutoff_len: 1024\n`));
    const big = estimateMemory(facts(`${base}per_device_train_batch_size: 8\ncutoff_len: 4096\n`));
    assert.ok(small && big && big.parts.activations > small.parts.activations * 20);
    const zero3 = estimateMemory(facts(`${base}per_device_train_batch_size: 1\ncutoff_len: 1024\ndeepspeed: examples/deepspeed/ds_z3_config.json\n`));
    assert.ok(zero3 && zero3.plans[2].perGpuGiB < small.plans[2].perGpuGiB / 3);
  });

  it('adds a frozen reference model for full DPO, not for LoRA DPO', () => {
    const full = estimateMemory(facts('model_name_or_path: Qwen/Qwen2.5-7B\nstage: dpo\nfinetuning_type: full\n'));
    const lora = estimateMemory(facts('model_name_or_path: Qwen/Qwen2.5-7B\nstage: dpo\nfinetuning_type: lora\n'));
    assert.equal(Math.round(gib(full?.parts.extraModels ?? 0)), Math.round(gib(7e9 * 2)));
    assert.equal(lora?.parts.extraModels, 0);
  });

  it('reads the ZeRO stage from DeepSpeed config names and objects', () => {
    assert.equal(shardingOf('examples/deepspeed/ds_z3_config.json', undefined), 'zero3');
    assert.equal(shardingOf('examples/deepspeed/ds_z3_offload_config.json', undefined), 'zero3-offload');
    assert.equal(shardingOf('ds_z2_config.json', undefined), 'zero2');
    assert.equal(shardingOf({ zero_optimization: { stage: 1 } }, undefined), 'zero1');
    assert.equal(shardingOf(undefined, 'full_shard auto_wrap'), 'zero3');
    assert.equal(shardingOf(undefined, undefined), 'none');
  });

  it('needs a model size', () => {
    assert.equal(estimateMemory(facts('model_name_or_path: saves/x\nstage: sft\n')), undefined);
  });
});
