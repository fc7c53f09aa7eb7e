import type { OtherConfig } from './configKind';

export interface ForeignFormat {
  other: OtherConfig;
  evidence: string[];
}

/**
 * Formats of other tools that share keys with training configs (a DeepSpeed `fp16` block, a
 * LlamaBoard save of LLaMA-Factory settings, a Hydra tree), recognised by what only they
 * write, so they are named in the status bar and never checked against a framework's keys.
 */
export function recogniseForeignFormat(values: Readonly<Record<string, unknown>>): ForeignFormat | undefined {
  const keys = Object.keys(values);
  const present = (...names: string[]) => names.filter((n) => Object.prototype.hasOwnProperty.call(values, n));
  const isObject = (k: string) => typeof values[k] === 'object' && values[k] !== null && !Array.isArray(values[k]);
  const accelerate = present('compute_environment', 'distributed_type', 'machine_rank', 'num_machines', 'main_training_function');
  if (accelerate.length >= 2) return { other: 'accelerate', evidence: accelerate };
  const deepspeed = present('zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size', 'zero_allow_untested_optimizer', 'wall_clock_breakdown');
  const objectPrecision = ['fp16', 'bf16'].some(isObject);
  if (deepspeed.length >= 1 && (deepspeed.includes('zero_optimization') || objectPrecision || deepspeed.length >= 2))
    return { other: 'deepspeed', evidence: deepspeed };
  // LLaMA-Factory's newer nested format: `model:` plus config blocks instead of flat keys.
  const v1 = present(
    'model_class',
    'peft_config',
    'dist_config',
    'train_dataset',
    'kernel_config',
    'quant_config',
    'optim_config',
    'init_config',
    'batching_strategy',
    'sample_backend',
  );
  if (v1.length > 0 && !present('model_name_or_path').length && present('model').length)
    return { other: 'llamafactory-v1', evidence: ['model', ...v1].slice(0, 4) };
  // LlamaBoard saves its form as `top.model_name`, `train.learning_rate`, `eval.*`, …
  const board = keys.filter((k) => /^(top|train|eval|infer|export)\.\w/.test(k));
  if (board.length >= 2 && board.length * 2 >= keys.length) return { other: 'llamaboard', evidence: board.slice(0, 4) };
  // Hugging Face Trainer's `--fsdp_config` JSON.
  const fsdp = keys.filter(
    (k) =>
      /^fsdp_/.test(k) ||
      [
        'limit_all_gathers',
        'use_orig_params',
        'sync_module_states',
        'backward_prefetch',
        'forward_prefetch',
        'xla',
        'activation_checkpointing',
        'transformer_layer_cls_to_wrap',
      ].includes(k),
  );
  if (fsdp.length >= 2 && fsdp.length * 2 > keys.length) return { other: 'fsdp', evidence: fsdp.slice(0, 4) };
  // verl and OpenRLHF's Hydra configs: a tree of blocks, often with `defaults:` / `hydra:`.
  const hydraBlocks = present('actor_rollout_ref', 'critic', 'algorithm', 'trainer', 'reward_model', 'data', 'rollout', 'ray_init').filter(isObject);
  if (present('hydra').length || (Array.isArray(values.defaults) && hydraBlocks.length >= 1) || hydraBlocks.length >= 3)
    return { other: 'hydra', evidence: [...present('defaults', 'hydra'), ...hydraBlocks].slice(0, 4) };
  // `axolotl cloud` launcher: where to run, not what to train.
  const cloud = present('provider', 'gpu', 'gpu_count', 'node_count', 'secrets', 'project_name', 'timeout', 'memory');
  if (present('provider').length && cloud.length >= 3) return { other: 'axolotl-cloud', evidence: cloud.slice(0, 4) };
  // ms-swift: `train_type` / `rlhf_type` / `sft_type` and its model keys.
  const swift = present('train_type', 'rlhf_type', 'sft_type', 'model_author', 'tuner_backend', 'model_id_or_path', 'target_modules', 'torch_dtype');
  const swiftOwn = present('train_type', 'rlhf_type', 'sft_type', 'model_author', 'tuner_backend', 'model_id_or_path');
  if (swiftOwn.length >= 1 && swift.length >= 2 && present('model', 'model_type', 'model_id_or_path').length)
    return { other: 'ms-swift', evidence: swift.slice(0, 4) };
  // Firefly: TrainingArguments plus its own script keys.
  const firefly = present('train_file', 'template_name', 'train_mode', 'task_type', 'eval_file');
  if (present('train_file').length && firefly.length >= 2) return { other: 'firefly', evidence: firefly.slice(0, 4) };
  const identifierLike = keys.filter((k) => /^[A-Za-z_$][\w.$-]*$/.test(k)).length;
  if (keys.length > 0 && identifierLike / keys.length < 0.5) return { other: 'token-map', evidence: keys.slice(0, 2) };
  return undefined;
}
