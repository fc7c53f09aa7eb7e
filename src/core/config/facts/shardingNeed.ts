import { basename } from 'node:path';
import type { ConfigDocument } from '../document/configTree';
import type { ClusterShape } from './clusterShape';
import { totalGpus } from './clusterShape';
import type { MemoryEstimate } from './memoryEstimate';
import { estimateMemory, fsdpValue, gib, perGpuBytes, shardingOf } from './memoryEstimate';
import type { TrainingFacts } from './trainingFacts';

/** The card assumed when nothing names one: an 80 GiB A100/H100, the largest of the hardware plans. */
export const ASSUMED_GPU_GIB = 80;
/** Model states alone must exceed the card by this much: activations, the estimate's least certain part, are left out entirely. */
const MARGIN = 1.1;
/** LLaMA-Factory's memory-saving optimizers, which train a full model on one GPU by design. */
const LOW_MEMORY_OPTIMIZERS = ['use_galore', 'use_badam', 'use_apollo', 'use_adam_mini', 'use_muon'];
/**
 * Other ways a run splits the model: LLaMA-Factory's KTransformers (experts on the CPU) and
 * Megatron parallel sizes, Axolotl's tensor / context parallelism and FSDP shard size.
 */
const OTHER_SPLITS = [
  'use_kt',
  'tensor_model_parallel_size',
  'pipeline_model_parallel_size',
  'expert_model_parallel_size',
  'tensor_parallel_size',
  'context_parallel_size',
  'dp_shard_size',
];
/** A header comment that says the launch itself shards (`accelerate launch --config_file fsdp_config.yaml`, Megatron). */
const LAUNCH_SHARDS = /fsdp|deepspeed|megatron|zero[-_ ]?3|accelerate launch/i;

/**
 * A LLaMA-Factory config that evaluates or predicts without `do_train: true` (its workflows train
 * only when `do_train` is set): the training estimate says nothing about such a run.
 */
function predictsOnly(facts: TrainingFacts): boolean {
  if (facts.framework !== 'llamafactory' || facts.valueOf('do_train') === true) return false;
  return facts.valueOf('do_predict') === true || facts.valueOf('do_eval') === true;
}

/**
 * Whether the run does not train, or splits the model in a way the memory estimate cannot see: a memory-saving optimizer,
 * KTransformers, Megatron or tensor/context parallel sizes, or a launch that shards (named in the
 * header comments or the file name). Both GPU-memory findings stay silent then.
 */
export function splitOutsideEstimate(facts: TrainingFacts, document: ConfigDocument, fileName?: string): boolean {
  if (predictsOnly(facts)) return true;
  if (LOW_MEMORY_OPTIMIZERS.some((key) => facts.valueOf(key) === true)) return true;
  if (OTHER_SPLITS.some((key) => facts.has(key) && facts.valueOf(key) !== false && facts.valueOf(key) !== 1)) return true;
  if (document.headerComments.some((line) => LAUNCH_SHARDS.test(line))) return true;
  // LLaMA-Factory's `…_sft_fsdp2.yaml`: the file is named for the accelerate config it is launched with.
  return Boolean(fileName && LAUNCH_SHARDS.test(basename(fileName)));
}

export interface ShardingNeed {
  estimate: MemoryEstimate;
  /** Weights, gradients, optimizer states, frozen models and the CUDA context on one GPU, in GiB: no activations. */
  statesGiB: number;
  gpuMemoryGiB: number;
  /** False when no figure named the card and ASSUMED_GPU_GIB stands in. */
  memoryKnown: boolean;
  /** Whether ZeRO-3 over the cluster's GPUs fits the whole estimate (activations included); undefined when the count is only the default 1. */
  zero3FitsCluster: boolean;
  /** The fewest such GPUs that ZeRO-3 would fit on, up to 64. */
  zero3Gpus?: number;
}

/**
 * When a config needs DeepSpeed or FSDP and has neither: the model's weights, gradients and
 * optimizer states alone (16 bytes a parameter for mixed-precision AdamW) exceed one GPU by a
 * clear margin, and nothing in the config shards them. Precision first, so undefined when:
 * the model size is unknown; the framework is TRL (its configs are launched with an accelerate
 * or DeepSpeed file the config does not name); any `deepspeed`, `fsdp` or `fsdp_config` value
 * other than a ZeRO-0 file is set, or a DeepSpeed path whose stage cannot be told; a
 * memory-saving optimizer (GaLore, BAdam, APOLLO, Adam-mini, Muon) is on; or the file's header
 * comments say the launch shards it.
 */
export function shardingNeed(facts: TrainingFacts, cluster: ClusterShape, document: ConfigDocument, fileName?: string): ShardingNeed | undefined {
  if (facts.framework === 'trl' || !facts.policy) return undefined;
  if (splitOutsideEstimate(facts, document, fileName)) return undefined;
  const fsdp = fsdpValue(facts);
  if (fsdp !== undefined && fsdp !== null && fsdp !== false && fsdp !== '' && !(Array.isArray(fsdp) && fsdp.length === 0)) return undefined;
  const deepspeed = facts.deepspeedConfig ?? facts.valueOf('deepspeed');
  // A DeepSpeed value is only known not to shard when it names stage 0 (ds_z0_config.json, or its file says stage 0).
  if (deepspeed !== undefined && deepspeed !== null && deepspeed !== '' && !isStageZero(deepspeed)) return undefined;
  const estimate = estimateMemory(facts);
  if (!estimate || estimate.sharding !== 'none') return undefined;
  const parts = lowerBound(facts, estimate);
  const statesGiB = gib(perGpuBytes({ ...parts, activations: 0 }, 'none', 1));
  const memoryKnown = Boolean(cluster.gpuMemoryGiB && cluster.gpuMemoryGiB > 0);
  const gpuMemoryGiB = memoryKnown ? (cluster.gpuMemoryGiB as number) : ASSUMED_GPU_GIB;
  if (statesGiB < gpuMemoryGiB * MARGIN) return undefined;
  const fits = (n: number) => gib(perGpuBytes(parts, 'zero3', n)) <= gpuMemoryGiB;
  let zero3Gpus: number | undefined;
  for (let n = 2; n <= 64 && zero3Gpus === undefined; n++) if (fits(n)) zero3Gpus = n;
  return { estimate, statesGiB, gpuMemoryGiB, memoryKnown, zero3FitsCluster: fits(totalGpus(cluster)), zero3Gpus };
}

/**
 * The model states as a lower bound. LLaMA-Factory casts the trainable parameters of a full
 * fine-tune to fp32 unless `pure_bf16` (4-byte weights and gradients, as the estimate counts);
 * Axolotl loads the model in bf16 and trains it there, so its weights and gradients count
 * 2 bytes a parameter here: when unsure, the smaller figure.
 */
function lowerBound(facts: TrainingFacts, estimate: MemoryEstimate): MemoryEstimate['parts'] {
  const parts = estimate.parts;
  if (facts.framework === 'llamafactory') return parts;
  const trainable = estimate.trainableBillions * 1e9;
  const fp32 = trainable * 4;
  const bf16 = trainable * 2;
  return {
    ...parts,
    weights: parts.weights >= fp32 ? parts.weights - fp32 + bf16 : parts.weights,
    gradients: Math.min(parts.gradients, bf16),
  };
}

function isStageZero(deepspeed: unknown): boolean {
  if (typeof deepspeed === 'string') return shardingOf(deepspeed, undefined) === 'none' && /z(ero)?_?0/i.test(deepspeed);
  if (deepspeed && typeof deepspeed === 'object') {
    const stage = (deepspeed as { zero_optimization?: { stage?: unknown } }).zero_optimization?.stage;
    return stage === undefined || Number(stage) === 0;
  }
  return false;
}
