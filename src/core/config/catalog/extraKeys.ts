import type { JsonSchemaType, KeyFact, KeySource } from './importKeyFacts';

/**
 * Keys the frameworks accept that are not in the dataclass facts, written by hand from the
 * frameworks' documentation: TRL's RewardConfig, the script and model arguments TrlParser
 * reads from the same YAML, the Megatron keys of LLaMA-Factory's Megatron examples, and
 * LLaMA-Factory's nested ktransformers block.
 */
function key(source: KeySource, group: string, name: string, schema: JsonSchemaType, defaultValue?: unknown): KeyFact {
  const fact: KeyFact = { key: name, source, group, pyType: '', schema };
  if (defaultValue !== undefined) fact.default = defaultValue;
  return fact;
}

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const intOrNull = { type: ['integer', 'null'] };
const num = { type: 'number' };
const numOrNull = { type: ['number', 'null'] };
const strList = { type: ['string', 'array', 'null'], items: { type: 'string' } };

export const EXTRA_KEYS: readonly KeyFact[] = [
  // TRL RewardConfig (on top of TrainingArguments)
  key('trl-reward', 'RewardConfig', 'max_length', intOrNull, 1024),
  key('trl-reward', 'RewardConfig', 'disable_dropout', bool, true),
  key('trl-reward', 'RewardConfig', 'dataset_num_proc', intOrNull, null),
  key('trl-reward', 'RewardConfig', 'center_rewards_coefficient', numOrNull, null),
  key('trl-reward', 'RewardConfig', 'remove_unused_columns', bool, false),
  key('trl-reward', 'RewardConfig', 'model_init_kwargs', { type: ['object', 'null'] }, null),
  key('trl-reward', 'RewardConfig', 'chat_template_path', strOrNull, null),
  key('trl-reward', 'RewardConfig', 'eos_token', strOrNull, null),
  key('trl-reward', 'RewardConfig', 'pad_token', strOrNull, null),
  key('trl-reward', 'RewardConfig', 'pad_to_multiple_of', intOrNull, null),
  key('trl-reward', 'RewardConfig', 'activation_offloading', bool, false),
  // TrlParser: ScriptArguments
  key('trl-script', 'ScriptArguments', 'dataset_name', strOrNull, null),
  key('trl-script', 'ScriptArguments', 'dataset_config', strOrNull, null),
  key('trl-script', 'ScriptArguments', 'dataset_train_split', str, 'train'),
  key('trl-script', 'ScriptArguments', 'dataset_test_split', str, 'test'),
  key('trl-script', 'ScriptArguments', 'dataset_streaming', bool, false),
  key('trl-script', 'ScriptArguments', 'gradient_checkpointing_use_reentrant', bool, false),
  key('trl-script', 'ScriptArguments', 'ignore_bias_buffers', bool, false),
  key('trl-script', 'GRPOScriptArguments', 'reward_funcs', strList, null),
  key('trl-script', 'TrlParser', 'env', { type: 'object' }),
  // TrlParser: ModelConfig
  key('trl-script', 'ModelConfig', 'model_name_or_path', strOrNull, null),
  key('trl-script', 'ModelConfig', 'model_revision', str, 'main'),
  key('trl-script', 'ModelConfig', 'dtype', { type: ['string', 'null'], enum: ['auto', 'bfloat16', 'float16', 'float32', null] }, null),
  key('trl-script', 'ModelConfig', 'torch_dtype', { type: ['string', 'null'], enum: ['auto', 'bfloat16', 'float16', 'float32', null] }, null),
  key('trl-script', 'ModelConfig', 'trust_remote_code', bool, false),
  key(
    'trl-script',
    'ModelConfig',
    'attn_implementation',
    { type: ['string', 'null'], examples: ['eager', 'sdpa', 'flash_attention_2', 'flash_attention_3'] },
    null,
  ),
  key('trl-script', 'ModelConfig', 'use_peft', bool, false),
  key('trl-script', 'ModelConfig', 'lora_r', int, 16),
  key('trl-script', 'ModelConfig', 'lora_alpha', int, 32),
  key('trl-script', 'ModelConfig', 'lora_dropout', num, 0.05),
  key('trl-script', 'ModelConfig', 'lora_target_modules', strList, null),
  key('trl-script', 'ModelConfig', 'lora_modules_to_save', strList, null),
  key('trl-script', 'ModelConfig', 'lora_task_type', { type: 'string', examples: ['CAUSAL_LM', 'SEQ_CLS'] }, 'CAUSAL_LM'),
  key('trl-script', 'ModelConfig', 'use_rslora', bool, false),
  key('trl-script', 'ModelConfig', 'use_dora', bool, false),
  key('trl-script', 'ModelConfig', 'load_in_8bit', bool, false),
  key('trl-script', 'ModelConfig', 'load_in_4bit', bool, false),
  key('trl-script', 'ModelConfig', 'bnb_4bit_quant_type', { type: 'string', enum: ['fp4', 'nf4'] }, 'nf4'),
  key('trl-script', 'ModelConfig', 'use_bnb_nested_quant', bool, false),
  // Megatron (mcore_adapter / Megatron Bridge) keys in LLaMA-Factory's Megatron examples
  key('megatron', 'Megatron', 'tensor_model_parallel_size', int, 1),
  key('megatron', 'Megatron', 'pipeline_model_parallel_size', int, 1),
  key('megatron', 'Megatron', 'virtual_pipeline_model_parallel_size', intOrNull, null),
  key('megatron', 'Megatron', 'context_parallel_size', int, 1),
  key('megatron', 'Megatron', 'expert_model_parallel_size', int, 1),
  key('megatron', 'Megatron', 'sequence_parallel', bool, false),
  key('megatron', 'Megatron', 'use_distributed_optimizer', bool),
  key('megatron', 'Megatron', 'overlap_param_gather', bool),
  key('megatron', 'Megatron', 'overlap_grad_reduce', bool),
  key('megatron', 'Megatron', 'bias_activation_fusion', { type: ['boolean', 'null'] }),
  key('megatron', 'Megatron', 'apply_rope_fusion', { type: ['boolean', 'null'] }),
  key('megatron', 'Megatron', 'masked_softmax_fusion', { type: ['boolean', 'null'] }),
  key('megatron', 'Megatron', 'cross_entropy_loss_fusion', { type: ['boolean', 'null'] }),
  key('megatron', 'Megatron', 'moe_grouped_gemm', { type: ['boolean', 'null'] }),
  key('megatron', 'Megatron', 'moe_token_dispatcher_type', { type: ['string', 'null'], examples: ['allgather', 'alltoall', 'flex'] }),
  key('megatron', 'Megatron', 'recompute_granularity', { type: ['string', 'null'], enum: ['full', 'selective', null] }),
  key('megatron', 'Megatron', 'recompute_method', { type: ['string', 'null'], enum: ['uniform', 'block', null] }),
  key('megatron', 'Megatron', 'recompute_num_layers', intOrNull),
  key('megatron', 'Megatron', 'mixed_precision', { type: ['string', 'null'], examples: ['bf16_mixed', 'fp16_mixed'] }),
  key('megatron', 'Megatron', 'use_packed_sequences', bool, false),
  key('megatron', 'Megatron', 'megatron_pretrained_checkpoint', strOrNull, null),
  key('megatron', 'Megatron', 'export_hf_on_finish', bool, true),
  key('megatron', 'Megatron', 'extra_config', { type: ['string', 'object', 'null'] }, null),
  // LLaMA-Factory's ktransformers examples nest their backend settings in one block.
  key('llamafactory', 'KTransformersArguments', 'kt_config', { type: ['object', 'null'] }, null),
];

/**
 * LLaMA-Factory splits these string keys on commas and also accepts a YAML list, so both are
 * valid; the dataclass only says `str`.
 */
export const COMMA_LIST_KEYS: ReadonlySet<string> = new Set([
  'dataset',
  'eval_dataset',
  'lora_target',
  'additional_target',
  'oft_target',
  'freeze_trainable_modules',
  'freeze_extra_modules',
  'galore_target',
  'apollo_target',
  'add_tokens',
  'add_special_tokens',
]);

/** Allowed values the frameworks check (strict) or commonly used values (completion only). */
export const VALUE_HINTS: Readonly<Record<string, { strict: boolean; values: string[] }>> = {
  lr_scheduler_type: {
    strict: true,
    values: [
      'linear',
      'cosine',
      'cosine_with_restarts',
      'polynomial',
      'constant',
      'constant_with_warmup',
      'inverse_sqrt',
      'reduce_lr_on_plateau',
      'cosine_with_min_lr',
      'cosine_warmup_with_min_lr',
      'warmup_stable_decay',
    ],
  },
  eval_strategy: { strict: true, values: ['no', 'steps', 'epoch'] },
  logging_strategy: { strict: true, values: ['no', 'steps', 'epoch'] },
  save_strategy: { strict: true, values: ['no', 'steps', 'epoch', 'best'] },
  hub_strategy: { strict: true, values: ['end', 'every_save', 'checkpoint', 'all_checkpoints'] },
  optim: {
    strict: false,
    values: [
      'adamw_torch',
      'adamw_torch_fused',
      'adamw_8bit',
      'paged_adamw_8bit',
      'paged_adamw_32bit',
      'adafactor',
      'sgd',
      'adagrad',
      'lion_8bit',
      'galore_adamw',
      'apollo_adamw',
      'muon',
    ],
  },
  report_to: { strict: false, values: ['none', 'all', 'wandb', 'tensorboard', 'swanlab', 'mlflow', 'trackio'] },
  infer_backend: { strict: false, values: ['huggingface', 'vllm', 'sglang', 'ktransformers'] },
  quantization_method: { strict: false, values: ['bnb', 'gptq', 'awq', 'aqlm', 'quanto', 'eetq', 'hqq', 'mxfp4', 'fp8'] },
  export_device: { strict: false, values: ['cpu', 'auto'] },
  lora_target: { strict: false, values: ['all', 'q_proj,k_proj,v_proj,o_proj', 'q_proj,v_proj'] },
  template: {
    strict: false,
    values: [
      'qwen',
      'qwen3',
      'qwen3_nothink',
      'qwen3_5',
      'qwen3_5_nothink',
      'qwen2_vl',
      'qwen3_vl',
      'qwen3_vl_nothink',
      'llama3',
      'llama2',
      'deepseek',
      'deepseek3',
      'moss_vl',
      'default',
      'empty',
    ],
  },
  ddp_backend: { strict: false, values: ['nccl', 'gloo', 'mpi', 'ccl', 'hccl', 'cncl', 'mccl'] },
};
