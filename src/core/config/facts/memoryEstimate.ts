import type { TrainingFacts } from './trainingFacts';
import { isPeft } from './trainingFacts';
import { modelShape } from './modelShape';
import { offloads } from './deepspeedConfig';

const GIB = 1024 ** 3;

export interface GpuPlan {
  /** e.g. "1×24 GiB"; GPU memory is counted in GiB, as nvidia-smi shows it. */
  label: string;
  gpus: number;
  memoryGB: number;
}

/** The hardware plans of the fine-tuning rules. */
export const HARDWARE_PLANS: readonly GpuPlan[] = [
  { label: '1×24 GiB', gpus: 1, memoryGB: 24 },
  { label: '2×80 GiB', gpus: 2, memoryGB: 80 },
  { label: '4×80 GiB', gpus: 4, memoryGB: 80 },
];

export type Sharding = 'none' | 'zero1' | 'zero2' | 'zero3' | 'zero3-offload' | 'zero2-offload';

/** Bytes of each part for the whole job, before sharding. */
export interface MemoryParts {
  weights: number;
  gradients: number;
  optimizer: number;
  /** Per GPU: activations and logits of one micro-batch. */
  activations: number;
  /** Frozen reference / reward / value models. */
  extraModels: number;
}

export interface PlanFit extends GpuPlan {
  perGpuGiB: number;
  fits: boolean;
  /** Whether DeepSpeed ZeRO-3 would make it fit when it does not as configured. */
  fitsWithZero3: boolean;
}

export interface MemoryEstimate {
  billions: number;
  trainableBillions: number;
  sharding: Sharding;
  parts: MemoryParts;
  /** Per GPU on a single GPU, in GiB. */
  singleGpuGiB: number;
  plans: PlanFit[];
  assumptions: {
    batch: number;
    sequence: number;
    checkpointing: boolean;
    weightBytes: number;
    optimizerBytes: number;
    lora?: { rank: number; attentionOnly: boolean };
  };
}

const OVERHEAD = 1.0 * GIB; // CUDA context, allocator fragmentation, buffers

/**
 * A rough GPU-memory estimate for a training config. Weights by precision or quantization;
 * gradients and AdamW states for the trainable parameters (mixed precision: fp32 master
 * weights, fp32 gradients and two fp32 moments = 16 bytes a parameter for full fine-tuning);
 * activations for per-device batch × cutoff length with or without gradient checkpointing;
 * fp32 logits over the vocabulary; reference and reward models for PPO/DPO; DeepSpeed ZeRO
 * sharding across the plan's GPUs. Returns undefined without a model size.
 */
export function estimateMemory(facts: TrainingFacts, extraPlans: readonly GpuPlan[] = []): MemoryEstimate | undefined {
  const policy = facts.policy;
  if (!policy || facts.stage === 'none') return undefined;
  const params = policy.billions * 1e9;
  const shape = modelShape(policy.billions, policy.name);
  const peft = isPeft(facts.method);
  const pureBf16 = facts.valueOf('pure_bf16') === true;

  const weightBytes = facts.quantizationBits === 4 ? 0.55 : facts.quantizationBits === 8 ? 1.05 : 2;
  const optim = facts.valueOf(facts.keys.optimizer);
  const optimizerBytes = optimizerStateBytes(typeof optim === 'string' ? optim : 'adamw_torch', pureBf16 && !peft);
  let trainable: number;
  let lora: MemoryEstimate['assumptions']['lora'];
  if (peft) {
    const rank = numberOr(facts.valueOf(facts.keys.loraRank), 8);
    const attentionOnly =
      facts.framework === 'axolotl' && facts.valueOf('lora_target_linear') === true
        ? false
        : isAttentionOnly(facts.valueOf(facts.keys.loraTargets), facts.framework);
    // Per layer and rank: q/k/v/o take 2h each; gate/up/down take h + ~3.5h each.
    trainable = shape.layers * rank * shape.hidden * (attentionOnly ? 8 : 21.5);
    lora = { rank, attentionOnly };
  } else if (facts.method === 'freeze') {
    trainable = params * Math.min(1, numberOr(facts.valueOf('freeze_trainable_layers'), 2) / shape.layers);
  } else {
    trainable = params;
  }
  const masterBytes = peft || !pureBf16 ? 4 : 2;
  const frozen = params - (peft ? 0 : trainable);
  const parts: MemoryParts = {
    weights: frozen * weightBytes + trainable * masterBytes,
    gradients: trainable * masterBytes,
    optimizer: trainable * optimizerBytes,
    activations: activationBytes(facts, shape),
    extraModels: extraModelBytes(facts, params),
  };
  const sharding = shardingOf(facts.deepspeedConfig ?? facts.valueOf('deepspeed'), fsdpValue(facts));
  // A target equal to one of the rules' plans is listed once, as the target (last).
  const standard = HARDWARE_PLANS.filter((plan) => !extraPlans.some((extra) => extra.label === plan.label));
  const plans = [...standard, ...extraPlans].map((plan) => {
    const perGpu = perGpuBytes(parts, sharding, plan.gpus);
    const zero3 = perGpuBytes(parts, 'zero3', plan.gpus);
    return { ...plan, perGpuGiB: perGpu / GIB, fits: perGpu <= plan.memoryGB * GIB, fitsWithZero3: zero3 <= plan.memoryGB * GIB };
  });
  const batch = numberOr(facts.valueOf(facts.keys.batch), 8);
  return {
    billions: policy.billions,
    trainableBillions: trainable / 1e9,
    sharding,
    parts,
    singleGpuGiB: perGpuBytes(parts, sharding, 1) / GIB,
    plans,
    assumptions: { batch, sequence: sequenceLength(facts), checkpointing: checkpointing(facts), weightBytes, optimizerBytes, lora },
  };
}

export function perGpuBytes(parts: MemoryParts, sharding: Sharding, gpus: number): number {
  const n = Math.max(1, gpus);
  let weights = parts.weights;
  let gradients = parts.gradients;
  let optimizer = parts.optimizer;
  let extra = parts.extraModels;
  if (sharding === 'zero1') optimizer /= n;
  if (sharding === 'zero2') {
    optimizer /= n;
    gradients /= n;
  }
  if (sharding === 'zero2-offload') {
    optimizer = 0;
    gradients /= n;
  }
  if (sharding === 'zero3') {
    weights /= n;
    gradients /= n;
    optimizer /= n;
    extra /= n;
  }
  if (sharding === 'zero3-offload') {
    weights = weights / n / 4; // parameters live on the CPU; a few layers are gathered at a time
    gradients /= n;
    optimizer = 0;
    extra /= n;
  }
  return weights + gradients + optimizer + extra + parts.activations + OVERHEAD;
}

function optimizerStateBytes(optim: string, pureBf16: boolean): number {
  if (/8bit/.test(optim)) return 2;
  if (/adafactor/.test(optim)) return 1;
  if (/lion|sgd/.test(optim)) return pureBf16 ? 2 : 4;
  return pureBf16 ? 4 : 8;
}

function activationBytes(facts: TrainingFacts, shape: { hidden: number; layers: number; vocabulary: number }): number {
  const batch = numberOr(facts.valueOf(facts.keys.batch), 8);
  // Preference pairs run chosen and rejected through the model together.
  const pairs = facts.stage === 'dpo' || facts.stage === 'rm' || facts.stage === 'kto' ? 2 : 1;
  const tokens = batch * pairs * sequenceLength(facts);
  const perLayer = 34 * shape.hidden; // bytes per token of one layer's activations (bf16, flash attention)
  const stored = checkpointing(facts) ? tokens * (2 * shape.hidden * shape.layers + perLayer) : tokens * perLayer * shape.layers;
  const logits = tokens * shape.vocabulary * 8; // bf16 logits upcast to fp32, plus their gradient
  return stored + logits;
}

function sequenceLength(facts: TrainingFacts): number {
  for (const key of facts.keys.sequence) {
    const value = facts.valueOf(key);
    if (typeof value === 'number' && value > 0) return value;
  }
  return 1024;
}

function checkpointing(facts: TrainingFacts): boolean {
  if (facts.framework === 'llamafactory') return facts.valueOf('disable_gradient_checkpointing') !== true;
  // Axolotl also accepts `offload` / `offload_disk` (checkpointing plus offloading).
  const value = facts.valueOf('gradient_checkpointing');
  if (value === true || (facts.framework === 'axolotl' && typeof value === 'string')) return true;
  // FSDP checkpoints activations itself when its config says so (Axolotl's `fsdp_config`, the Trainer's `fsdp_config`).
  const fsdpConfig = facts.valueOf('fsdp_config');
  return typeof fsdpConfig === 'object' && fsdpConfig !== null && (fsdpConfig as Record<string, unknown>).activation_checkpointing === true;
}

function extraModelBytes(facts: TrainingFacts, params: number): number {
  const peft = isPeft(facts.method);
  const reward = facts.reward ? facts.reward.billions * 1e9 : params;
  switch (facts.stage) {
    case 'ppo': {
      // The reference is the adapter switched off under PEFT; otherwise a frozen bf16 copy.
      const reference = peft ? 0 : params * 2;
      const separateReward = facts.framework === 'trl' || facts.valueOf('reward_model_type') === 'full';
      const rewardModel = separateReward ? reward * 2 : 0;
      // TRL ≥ 0.12 trains a separate value model, initialised from the reward model.
      const value = facts.kind === 'trl-ppo' ? reward * (peft ? 2 : 16) : 0;
      return reference + rewardModel + value;
    }
    case 'dpo':
    case 'kto': {
      const referenceFree = ['orpo', 'simpo'].includes(String(facts.valueOf('pref_loss'))) || facts.valueOf('precompute_ref_log_probs') === true;
      return peft || referenceFree ? 0 : params * 2;
    }
    case 'grpo': {
      const beta = facts.valueOf('beta');
      return peft || beta === 0 ? 0 : params * 2;
    }
    default:
      return 0;
  }
}

/** The FSDP setting: Axolotl's `fsdp_config` block, or the older `fsdp:` list it still reads. */
export function fsdpValue(facts: TrainingFacts): unknown {
  const value = facts.valueOf(facts.keys.fsdp);
  if (value !== undefined && value !== null) return value;
  return facts.framework === 'axolotl' && facts.has('fsdp') ? facts.valueOf('fsdp') : undefined;
}

/** DeepSpeed config paths name their stage (ds_z3_config.json, ds_z2_offload_config.json). */
export function shardingOf(deepspeed: unknown, fsdp: unknown): Sharding {
  if (typeof deepspeed === 'string') {
    const name = deepspeed.toLowerCase();
    const offload = name.includes('offload');
    if (/z(ero)?_?3/.test(name)) return offload ? 'zero3-offload' : 'zero3';
    if (/z(ero)?_?2/.test(name)) return offload ? 'zero2-offload' : 'zero2';
    if (/z(ero)?_?1/.test(name)) return 'zero1';
    if (/z(ero)?_?0/.test(name)) return 'none';
  } else if (deepspeed && typeof deepspeed === 'object') {
    const zero = (deepspeed as { zero_optimization?: { stage?: unknown; offload_optimizer?: unknown; offload_param?: unknown } }).zero_optimization;
    // `offload_optimizer: {device: none}` (as some templates write it) keeps the state on the GPU.
    const offload = offloads(zero?.offload_optimizer) || offloads(zero?.offload_param);
    const stage = Number(zero?.stage);
    if (stage === 3) return offload ? 'zero3-offload' : 'zero3';
    if (stage === 2) return offload ? 'zero2-offload' : 'zero2';
    if (stage === 1) return 'zero1';
  }
  // Trainer's `fsdp: "full_shard auto_wrap"`, or Axolotl's older list form `[full_shard, auto_wrap]`.
  const fsdpText = typeof fsdp === 'string' ? fsdp : Array.isArray(fsdp) ? fsdp.map(String).join(' ') : undefined;
  if (fsdpText !== undefined && /full_shard|shard_grad_op/.test(fsdpText))
    return fsdpText.includes('offload') ? 'zero3-offload' : fsdpText.includes('full_shard') ? 'zero3' : 'zero2';
  // Axolotl's `fsdp_config:` block shards parameters, gradients and optimizer states (FSDP2 full shard).
  if (fsdp && typeof fsdp === 'object' && !Array.isArray(fsdp)) {
    const block = fsdp as Record<string, unknown>;
    return block.offload_params === true || block.fsdp_offload_params === true ? 'zero3-offload' : 'zero3';
  }
  return 'none';
}

function isAttentionOnly(value: unknown, framework: TrainingFacts['framework']): boolean {
  // PEFT's own choice for LLaMA/Qwen models (q/v) when TRL or Axolotl name no targets.
  if (framework !== 'llamafactory' && (value === null || value === undefined)) return true;
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',').map((v) => v.trim()) : ['all'];
  return list.every((v) => /^(q|k|v|o)_proj$|query_key_value|qkv_proj|c_attn|Wqkv/.test(v));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function gib(bytes: number): number {
  return bytes / GIB;
}
