import * as assert from 'node:assert/strict';
import { topLevelValues } from '../../../../src/core/config/document/configTree';
import { parseJsonConfig } from '../../../../src/core/config/document/parseJsonConfig';
import { parseYamlConfig } from '../../../../src/core/config/document/parseYamlConfig';
import { detectConfigKind } from '../../../../src/core/config/kinds/detectConfigKind';
import { applyEdits, check, CLEAN_LORA_SFT, messageOf } from './configHelper';

const detect = (yaml: string) => detectConfigKind(topLevelValues(parseYamlConfig(yaml)));
const detectJson = (json: string) => detectConfigKind(topLevelValues(parseJsonConfig(json)));

/** Firefly's QLoRA arguments: Hugging Face TrainingArguments plus the script's own keys. */
const FIREFLY = `{
  "output_dir": "output/firefly-qwen-7b-sft-qlora",
  "model_name_or_path": "Qwen/Qwen-7B-Chat",
  "train_file": "./data/dummy_data.jsonl",
  "template_name": "qwen",
  "train_mode": "qlora",
  "task_type": "sft",
  "num_train_epochs": 1,
  "per_device_train_batch_size": 1,
  "gradient_accumulation_steps": 16,
  "learning_rate": 2e-4,
  "max_seq_length": 1024,
  "logging_steps": 100,
  "save_steps": 100,
  "save_total_limit": 1,
  "lr_scheduler_type": "constant_with_warmup",
  "warmup_steps": 100,
  "lora_rank": 64,
  "lora_alpha": 16,
  "lora_dropout": 0.05,
  "use_unsloth": false,
  "gradient_checkpointing": true,
  "optim": "paged_adamw_32bit",
  "seed": 42,
  "fp16": true,
  "report_to": "tensorboard",
  "save_strategy": "steps",
  "weight_decay": 0,
  "max_grad_norm": 0.3,
  "remove_unused_columns": false
}`;

describe('config kind detection on evidence', () => {
  it('recognises Firefly arguments by name and checks nothing, not even as TRL DPO', () => {
    const result = check(FIREFLY, { format: 'json' });
    assert.equal(result.kind, undefined);
    assert.equal(result.other, 'firefly');
    assert.deepEqual(result.findings, []);
  });

  it('recognises plain TrainingArguments files (Firefly without its own keys) and leaves them alone', () => {
    const plain = FIREFLY.replace(/\s*"(train_file|template_name|train_mode|task_type)": "[^"]*",/g, '');
    const result = check(plain, { format: 'json' });
    assert.equal(result.other, 'hf-training-args');
    assert.deepEqual(result.findings, []);
  });

  it("names the other tools' formats it leaves alone", () => {
    assert.equal(detect('top.model_name: Qwen2.5-3B-Instruct\ntop.finetuning_type: lora\ntrain.learning_rate: 5e-5\n').other, 'llamaboard');
    assert.equal(
      detect(
        'model: Qwen/Qwen2.5-7B-Instruct\ntrain_type: lora\ndataset: [AI-ModelScope/alpaca-gpt4-data-zh]\ntorch_dtype: bfloat16\ntarget_modules: all-linear\n',
      ).other,
      'ms-swift',
    );
    assert.equal(
      detect(
        'data:\n  train_files: x.parquet\nactor_rollout_ref:\n  model:\n    path: Qwen/Qwen2.5-7B\nalgorithm:\n  adv_estimator: grpo\ntrainer:\n  n_gpus_per_node: 8\n',
      ).other,
      'hydra',
    );
    assert.equal(detect('defaults:\n  - ppo_trainer\n  - _self_\nhydra:\n  run:\n    dir: .\n').other, 'hydra');
    assert.equal(
      detectJson('{"fsdp_transformer_layer_cls_to_wrap": ["LlamaDecoderLayer"], "fsdp_backward_prefetch": "backward_pre", "limit_all_gathers": true}').other,
      'fsdp',
    );
    assert.equal(detect('provider: baseten\nproject_name:\nsecrets:\n  - HF_TOKEN\ngpu: h100\ngpu_count: 8\nnode_count: 1\n').other, 'axolotl-cloud');
  });

  it('calls a file with too few framework keys not recognised, with the keys it saw', () => {
    const result = check('model_name_or_path: Qwen/Qwen3-4B\nlora_rank: 8\nnum_train_epochs: 3\nlearning_rate: 1e-4\n');
    assert.equal(result.kind, undefined);
    assert.equal(result.other, 'unrecognised');
    assert.deepEqual(result.evidence, ['lora_rank (LLaMA-Factory)']);
    assert.deepEqual(result.findings, []);
    assert.equal(check('name: CI\non: push\njobs: {}\n').other, 'unknown');
  });

  it("needs the winner to have twice the rival's keys, and two more", () => {
    // Two LLaMA-Factory keys against one or two TRL keys: not enough to decide.
    assert.equal(detect('lora_rank: 8\nuse_unsloth: true\ndataset_text_field: text\n').other, 'unrecognised');
    assert.equal(detect('lora_rank: 8\nuse_unsloth: true\ndataset_text_field: text\ncompletion_only_loss: true\n').other, 'unrecognised');
    assert.match(detect('lora_rank: 8\nuse_unsloth: true\ntemplate: qwen\ndataset_text_field: text\n').kind ?? '', /^llamafactory-/);
  });

  it('is weak on a few keys with a rival, and then reports unknown keys only as hints', () => {
    const text = 'model_name_or_path: Qwen/Qwen3-4B\nstage: sft\nfinetuning_type: lora\ntemplate: qwen3\nkl_coef: 0.05\n';
    const result = check(text);
    assert.equal(result.kind, 'llamafactory-train');
    assert.equal(result.strength, 'weak');
    assert.deepEqual([...new Set(result.findings.filter((f) => f.code === 'unknown-key').map((f) => f.severity))], ['hint']);
    assert.equal(check(CLEAN_LORA_SFT).strength, 'strong');
  });

  it('takes a kind the file names over any evidence, even Axolotl', () => {
    const result = check('# tunelab: kind=axolotl\nlearning_rate: 2e-4\n');
    assert.equal(result.kind, 'axolotl');
    assert.equal(result.kindSource, 'file');
  });
});

describe('LLaMA-Factory keys that belong elsewhere', () => {
  it('names the new key of a renamed one, with a rename fix', () => {
    const [finding] = check(`${CLEAN_LORA_SFT}dpo_beta: 0.1\n`).findings.filter((f) => f.code === 'unknown-key');
    assert.equal(messageOf(finding), 'dpo_beta was renamed to pref_beta; the current version refuses the old name.');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.data.fixes?.[0].args[0], 'pref_beta');
  });

  it('squares a side length when image_resolution becomes image_max_pixels, which counts pixels', () => {
    const text = `${CLEAN_LORA_SFT}image_resolution: 512\n`;
    const [finding] = check(text).findings.filter((f) => f.code === 'unknown-key');
    assert.equal(
      messageOf(finding),
      'image_resolution was replaced by image_max_pixels, which counts pixels (width × height) instead of the longest side: 512 becomes 262144 (512 × 512); the current version refuses the old name.',
    );
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), `${CLEAN_LORA_SFT}image_max_pixels: 262144\n`);
  });

  it('offers no value for a side length it cannot read', () => {
    const [finding] = check(`${CLEAN_LORA_SFT}video_resolution: "256"\n`).findings.filter((f) => f.code === 'unknown-key');
    assert.match(messageOf(finding), /^video_resolution was replaced by video_max_pixels, which counts pixels/);
    assert.equal(finding.data.fixes, undefined);
  });

  it('names the command that reads a training key in a chat config', () => {
    const [finding] = check('model_name_or_path: Qwen/Qwen3-4B\ntemplate: qwen3\ninfer_backend: vllm\nnum_train_epochs: 3\n', {
      kind: 'llamafactory-infer',
    }).findings.filter((f) => f.code === 'unknown-key');
    assert.equal(
      messageOf(finding),
      'num_train_epochs is read by `llamafactory-cli train`, not by `llamafactory-cli chat`, which refuses keys it does not use; remove it or run the other command.',
    );
  });
});
