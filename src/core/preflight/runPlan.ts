import type { ClusterShape } from '../config/facts/clusterShape';
import { clusterPlan, describeShapeSource, totalGpus } from '../config/facts/clusterShape';
import type { GpuPlan, MemoryEstimate } from '../config/facts/memoryEstimate';
import { estimateMemory } from '../config/facts/memoryEstimate';
import type { TrainingFacts } from '../config/facts/trainingFacts';
import { isPeft } from '../config/facts/trainingFacts';
import { modelShape } from '../config/facts/modelShape';

const GIB = 1024 ** 3;

/** What the run will do, from the config and the counted data: before any GPU time is spent. */
export interface RunPlan {
  /** Training records after the trainer's own filtering (max_samples, the eval split, dropped over-long records). */
  records: number;
  tokens?: number;
  tokensExact: boolean;
  /** All GPUs of the run: nodes × GPUs per node. */
  gpus: number;
  nodes: number;
  gpusPerNode: number;
  /** Where the GPU count (and memory) came from, as a message argument; absent when only `gpus` was given. */
  gpuSource?: string;
  /** Samples per optimizer step: per-device batch × gradient accumulation × GPUs on every node. */
  globalBatch: number;
  batch: number;
  accumulation: number;
  stepsPerEpoch: number;
  epochs: number;
  totalSteps: number;
  /** Set when `max_steps` decides the length instead of the epochs. */
  maxSteps?: number;
  warmupSteps: number;
  checkpoints: {
    strategy: 'steps' | 'epoch' | 'no';
    every?: number;
    written: number;
    kept: number;
    perCheckpointGiB?: number;
    diskGiB?: number;
    withOptimizer: boolean;
  };
  eval?: { records?: number; batch: number; accumulation?: number; logitsGiBPerBatch?: number };
  memory?: { estimate: MemoryEstimate; target?: GpuPlan & { perGpuGiB: number; fits: boolean; source?: string } };
}

export interface RunPlanInput {
  facts: TrainingFacts;
  /** Training records of each dataset as read from the data (before the trainer's filtering). */
  trainRecords: readonly number[];
  evalRecords?: number;
  /** Over-limit records the trainer drops (Axolotl's default). */
  droppedRecords?: number;
  tokens?: number;
  tokensExact?: boolean;
  gpus: number;
  gpuMemoryGiB?: number;
  /** The run's GPUs with their source (a launch target, the flags, the settings): overrides `gpus` and `gpuMemoryGiB`. */
  cluster?: ClusterShape;
}

export function runPlan(input: RunPlanInput): RunPlan {
  const { facts } = input;
  const axolotl = facts.framework === 'axolotl';
  const num = (key: string, fallback: number) => {
    const v = facts.valueOf(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  // LLaMA-Factory's max_samples caps each dataset, before they are merged.
  const maxSamples = num('max_samples', 0);
  let records = 0;
  for (const n of input.trainRecords) records += !axolotl && maxSamples > 0 ? Math.min(n, maxSamples) : n;
  let evalRecords = input.evalRecords;
  // LLaMA-Factory `val_size` / Axolotl `val_set_size`: a share (< 1) or a count of the training data set aside.
  const valSize = num(axolotl ? 'val_set_size' : 'val_size', 0);
  if (valSize > 0 && !evalRecords) {
    const held = valSize < 1 ? Math.floor(records * valSize) : Math.min(records, Math.floor(valSize));
    records -= held;
    evalRecords = held;
  }
  records = Math.max(0, records - (input.droppedRecords ?? 0));
  const batch = Math.max(1, num(facts.keys.batch, axolotl ? 1 : 8));
  const accumulation = Math.max(1, num('gradient_accumulation_steps', 1));
  const cluster = input.cluster;
  const gpus = cluster ? totalGpus(cluster) : Math.max(1, input.gpus);
  const globalBatch = batch * accumulation * gpus;
  const stepsPerEpoch = Math.max(records > 0 ? 1 : 0, Math.ceil(records / globalBatch));
  const epochs = num(axolotl ? 'num_epochs' : 'num_train_epochs', axolotl ? 1 : 3);
  const maxSteps = num('max_steps', -1);
  const totalSteps = maxSteps > 0 ? maxSteps : Math.ceil(stepsPerEpoch * epochs);
  const warmupStepsKey = num('warmup_steps', 0);
  const warmupSteps = warmupStepsKey > 0 ? Math.floor(warmupStepsKey) : Math.ceil(totalSteps * num('warmup_ratio', 0));

  const checkpoints = checkpointPlan(facts, totalSteps, stepsPerEpoch, epochs, axolotl);
  // ZeRO shards across every GPU of every node, so the plan holds the estimate against nodes × GPUs per node.
  const targetPlan = cluster
    ? clusterPlan(cluster)
    : input.gpuMemoryGiB
      ? { label: `${gpus}×${input.gpuMemoryGiB} GiB`, gpus, memoryGB: input.gpuMemoryGiB }
      : undefined;
  const estimate = estimateMemory(facts, targetPlan ? [targetPlan] : []);
  if (estimate) {
    const params = estimate.billions * 1e9;
    const trainable = estimate.trainableBillions * 1e9;
    // Adapters are saved in fp32; full weights in bf16. The Trainer adds AdamW's two fp32 moments unless save_only_model.
    const weights = isPeft(facts.method) ? trainable * 4 : params * 2;
    const optimizer = checkpoints.withOptimizer ? trainable * 8 : 0;
    checkpoints.perCheckpointGiB = (weights + optimizer) / GIB;
    checkpoints.diskGiB = checkpoints.perCheckpointGiB * checkpoints.kept;
  }
  const evalOn = (evalRecords ?? 0) > 0 || facts.has('eval_dataset') || (axolotl ? facts.has('test_datasets') : false);
  let evalPlan: RunPlan['eval'];
  if (evalOn) {
    const evalBatch = Math.max(1, num(axolotl ? 'eval_batch_size' : 'per_device_eval_batch_size', axolotl ? batch : 8));
    const accumulationKey = facts.valueOf('eval_accumulation_steps');
    const sequence = facts.keys.sequence.map((k) => facts.valueOf(k)).find((v): v is number => typeof v === 'number' && v > 0) ?? (axolotl ? 2048 : 1024);
    const vocabulary = estimate ? modelShape(estimate.billions, facts.policy?.name ?? '').vocabulary : undefined;
    evalPlan = {
      records: evalRecords,
      batch: evalBatch,
      accumulation: typeof accumulationKey === 'number' && accumulationKey > 0 ? accumulationKey : undefined,
      // fp32 logits of one eval batch: what evaluation holds per step on top of the model.
      logitsGiBPerBatch: vocabulary ? (evalBatch * sequence * vocabulary * 4) / GIB : undefined,
    };
  }
  const target = estimate && targetPlan ? estimate.plans[estimate.plans.length - 1] : undefined;
  const gpuSource = cluster ? describeShapeSource(cluster) : undefined;
  return {
    records,
    tokens: input.tokens,
    tokensExact: input.tokensExact ?? false,
    gpus,
    nodes: cluster ? Math.max(1, cluster.nodes) : 1,
    gpusPerNode: cluster ? Math.max(1, cluster.gpusPerNode) : gpus,
    ...(gpuSource ? { gpuSource } : {}),
    globalBatch,
    batch,
    accumulation,
    stepsPerEpoch,
    epochs,
    totalSteps,
    ...(maxSteps > 0 ? { maxSteps } : {}),
    warmupSteps,
    checkpoints,
    ...(evalPlan ? { eval: evalPlan } : {}),
    ...(estimate ? { memory: { estimate, ...(target ? { target: { ...target, ...(gpuSource ? { source: gpuSource } : {}) } } : {}) } } : {}),
  };
}

function checkpointPlan(facts: TrainingFacts, totalSteps: number, stepsPerEpoch: number, epochs: number, axolotl: boolean): RunPlan['checkpoints'] {
  const withOptimizer = facts.valueOf('save_only_model') !== true;
  const limitValue = facts.valueOf('save_total_limit');
  const limit = typeof limitValue === 'number' && limitValue > 0 ? limitValue : Infinity;
  let strategy: 'steps' | 'epoch' | 'no';
  let every: number | undefined;
  if (axolotl) {
    const saveSteps = facts.valueOf('save_steps');
    const perEpoch = facts.valueOf('saves_per_epoch');
    if (typeof saveSteps === 'number' && saveSteps > 0) [strategy, every] = ['steps', saveSteps < 1 ? Math.ceil(saveSteps * totalSteps) : saveSteps];
    else if (typeof perEpoch === 'number' && perEpoch > 0) [strategy, every] = ['steps', Math.max(1, Math.floor(stepsPerEpoch / perEpoch))];
    else strategy = 'epoch';
  } else {
    const s = facts.valueOf('save_strategy');
    strategy = s === 'no' || s === 'epoch' ? s : 'steps';
    const saveSteps = facts.valueOf('save_steps');
    const steps = typeof saveSteps === 'number' && saveSteps > 0 ? saveSteps : 500;
    // A save_steps under 1 is a share of the total steps.
    if (strategy === 'steps') every = steps < 1 ? Math.ceil(steps * totalSteps) : steps;
  }
  const written = strategy === 'no' ? 0 : strategy === 'epoch' ? Math.ceil(epochs) : Math.floor(totalSteps / Math.max(1, every ?? 1));
  return { strategy, ...(every ? { every } : {}), written, kept: Math.min(written, limit), withOptimizer };
}
