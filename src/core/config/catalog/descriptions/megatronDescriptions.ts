import { msg } from '../../../../shared/messageTemplate';

/**
 * Megatron keys LLaMA-Factory accepts when it trains through mcore_adapter or Megatron Bridge
 * (USE_MCA=1 / Megatron Bridge examples); they are not in its own dataclasses.
 */
export const MEGATRON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  tensor_model_parallel_size: msg('Megatron tensor parallelism: each layer is split across this many GPUs.'),
  pipeline_model_parallel_size: msg('Megatron pipeline parallelism: the layers are split into this many stages.'),
  virtual_pipeline_model_parallel_size: msg('Megatron interleaved pipeline: virtual stages per GPU.'),
  context_parallel_size: msg('Megatron context parallelism: long sequences are split across this many GPUs.'),
  expert_model_parallel_size: msg('Megatron expert parallelism: MoE experts are spread across this many GPUs.'),
  sequence_parallel: msg('Megatron sequence parallelism (with tensor parallelism) to cut activation memory.'),
  use_distributed_optimizer: msg('Shard optimizer states across data-parallel ranks (like ZeRO-1).'),
  overlap_param_gather: msg('Overlap the parameter all-gather with computation.'),
  overlap_grad_reduce: msg('Overlap the gradient reduce-scatter with computation.'),
  bias_activation_fusion: msg('Fuse bias addition and activation.'),
  apply_rope_fusion: msg('Use the fused RoPE kernel.'),
  masked_softmax_fusion: msg('Use the fused masked-softmax kernel.'),
  cross_entropy_loss_fusion: msg('Use the fused cross-entropy kernel.'),
  moe_grouped_gemm: msg('Compute MoE experts with grouped GEMM.'),
  moe_token_dispatcher_type: msg('How tokens are sent to MoE experts (allgather, alltoall, flex).'),
  recompute_granularity: msg('Activation recomputation: full or selective.'),
  recompute_method: msg('How layers are chosen for recomputation: uniform or block.'),
  recompute_num_layers: msg('Layers recomputed per group.'),
  mixed_precision: msg('Megatron Bridge mixed-precision recipe (e.g. bf16_mixed).'),
  use_packed_sequences: msg('Pack sequences (Megatron Bridge).'),
  megatron_pretrained_checkpoint: msg('Megatron checkpoint to start from instead of converting Hugging Face weights.'),
  export_hf_on_finish: msg('Export a Hugging Face checkpoint when training finishes.'),
  extra_config: msg('Extra Megatron Bridge settings as JSON (dotted keys).'),
};
