/**
 * Axolotl's deprecated and removed settings (from its pydantic models and validators, as listed
 * in its key table): the key or value, what replaces it, whether Axolotl only warns or stops,
 * and, for a plain rename, the new key for a quick fix.
 */
export interface AxolotlDeprecation {
  /** What to write instead, as Axolotl names it (`attn_implementation: sdpa`). */
  use?: string;
  /** The new key when the fix is a rename with the same value. */
  rename?: string;
  /** Axolotl refuses a set (truthy) value: the run stops. */
  stops?: boolean;
  /** Only a true value is replaced by `use` (attention flags). */
  whenTrue?: boolean;
}

export const AXOLOTL_DEPRECATED_KEYS: Readonly<Record<string, AxolotlDeprecation>> = {
  flash_attention: { use: 'attn_implementation: flash_attention_2', whenTrue: true },
  sdp_attention: { use: 'attn_implementation: sdpa', whenTrue: true },
  xformers_attention: { use: 'attn_implementation: xformers', whenTrue: true },
  flex_attention: { use: 'attn_implementation: flex_attention', whenTrue: true },
  sage_attention: { use: 'attn_implementation: sage', whenTrue: true },
  eager_attention: { use: 'attn_implementation: eager', whenTrue: true },
  flash_attn_d512: { use: 'large_head_attention: auto', whenTrue: true },
  dataset_processes: { use: 'dataset_num_proc', rename: 'dataset_num_proc' },
  gc_steps: { use: 'torch_empty_cache_steps / gc_collect_steps' },
  pretrain_multipack_buffer_size: { use: 'streaming_multipack_buffer_size', rename: 'streaming_multipack_buffer_size' },
  fsdp: { use: 'fsdp_config' },
  fsdp_final_state_dict_type: { use: 'fsdp_config.final_state_dict_type' },
  sequence_parallel_degree: { use: 'context_parallel_size', rename: 'context_parallel_size' },
  noisy_embedding_alpha: { use: 'neftune_noise_alpha', rename: 'neftune_noise_alpha' },
  dpo_beta: { use: 'rl_beta', rename: 'rl_beta' },
  evaluation_strategy: { use: 'eval_strategy', rename: 'eval_strategy' },
  eval_table_size: { use: 'generate_samples: true + num_generation_samples' },
  eval_max_new_tokens: { use: 'generation_max_new_tokens', rename: 'generation_max_new_tokens' },
  gemma4_fp8_nonexpert: { use: 'nonexpert_quantization' },
  gemma4_nf4_nonexpert: { use: 'nonexpert_quantization' },
  max_packed_sequence_len: { use: 'sample_packing', stops: true },
  rope_scaling: { use: 'model_config.rope_scaling', stops: true },
  flash_attn_rms_norm: { stops: true },
  dpo_use_logits_to_keep: { stops: true },
  dpo_generate_during_eval: { stops: true },
  dpo_norm_loss: { stops: true },
  unsloth_cross_entropy_loss: { use: 'lora_mlp_kernel / lora_qkv_kernel / lora_o_kernel', stops: true },
  unsloth_lora_mlp: { use: 'lora_mlp_kernel', stops: true },
  unsloth_lora_qkv: { use: 'lora_qkv_kernel', stops: true },
  unsloth_lora_o: { use: 'lora_o_kernel', stops: true },
  unsloth_rms_norm: { use: 'lora_mlp_kernel / lora_qkv_kernel / lora_o_kernel', stops: true },
  unsloth_rope: { use: 'lora_mlp_kernel / lora_qkv_kernel / lora_o_kernel', stops: true },
};

/** Deprecated values of a key: value → what to write instead, and whether Axolotl stops. */
export const AXOLOTL_DEPRECATED_VALUES: Readonly<Record<string, ReadonlyArray<{ matches: (value: unknown) => boolean; use: string; stops?: boolean }>>> = {
  gradient_checkpointing: [
    { matches: (v) => v === 'offload', use: 'gradient_checkpointing: true + activation_offloading: legacy' },
    { matches: (v) => v === 'offload_disk', use: 'gradient_checkpointing: true + activation_offloading: disk' },
  ],
  rl: [{ matches: (v) => v === 'ipo', use: 'rl: dpo + dpo_loss_type: [ipo]' }],
  save_safetensors: [{ matches: (v) => v === false, use: 'save_safetensors: true', stops: true }],
};
