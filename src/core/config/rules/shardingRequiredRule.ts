import { msg } from '../../../shared/messageTemplate';
import { addKeyEdit } from '../editing/configEdits';
import { describeShapeSource, totalGpus } from '../facts/clusterShape';
import { formatBillions } from '../facts/modelSize';
import { shardingNeed } from '../facts/shardingNeed';
import { defineConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

/** The DeepSpeed files each framework ships: LLaMA-Factory's examples/deepspeed, Axolotl's deepspeed_configs. */
const ZERO3_FILES = {
  llamafactory: { zero3: 'examples/deepspeed/ds_z3_config.json', offload: 'examples/deepspeed/ds_z3_offload_config.json' },
  axolotl: { zero3: 'deepspeed_configs/zero3_bf16.json', offload: 'deepspeed_configs/zero3_bf16_cpuoffload_all.json' },
} as const;

/**
 * A warning when the model's weights, gradients and optimizer states alone do not fit one GPU
 * (full fine-tuning of a 7B is about 105 GiB) and the config shards nothing: each GPU of a
 * plain data-parallel run holds all of it, so the run stops with an out-of-memory error however
 * many GPUs it gets. See shardingNeed for when it stays silent.
 */
export const shardingRequiredRule = defineConfigRule({
  info: [
    {
      code: 'sharding-required',
      defaultSeverity: 'warning',
      title: msg('Needs DeepSpeed ZeRO or FSDP'),
      why: msg(
        'Without ZeRO-2/3 or FSDP every GPU holds the whole model with its gradients and optimizer states (16 bytes a parameter for full fine-tuning with AdamW): adding GPUs does not help, sharding does.',
      ),
      settings: ['config.gpu.memoryGB', 'config.gpu.count', 'config.gpu.nodes', 'config.modelSizeB'],
    },
  ],
  check(context) {
    const facts = context.facts;
    const files = facts.framework === 'trl' ? undefined : ZERO3_FILES[facts.framework];
    if (!files || !facts.policy) return [];
    const need = shardingNeed(facts, context.cluster, context.document, context.fileName);
    if (!need) return [];
    // ZeRO-3 alone fits on enough GPUs; CPU offload when even the cluster's (or 64) GPUs are too few.
    const offload = need.zero3Gpus === undefined || (totalGpus(context.cluster) > 1 && !need.zero3FitsCluster);
    const file = offload ? files.offload : files.zero3;
    const args = [
      formatBillions(facts.policy.billions),
      facts.method,
      need.statesGiB.toFixed(1),
      need.gpuMemoryGiB,
      describeShapeSource(context.cluster),
      file,
      need.zero3Gpus ?? 64,
    ];
    let message: string;
    if (!need.memoryKnown)
      message = offload
        ? msg(
            'Training this {0} model ({1}) takes about {2} GiB per GPU for weights, gradients and optimizer states alone, more than one 80 GiB GPU holds (A100/H100; set tunelab.config.gpu.memoryGB for yours), and no DeepSpeed ZeRO-2/3 or FSDP config shards them. Set deepspeed: {5} (ZeRO-3 with CPU offload).',
          )
        : msg(
            'Training this {0} model ({1}) takes about {2} GiB per GPU for weights, gradients and optimizer states alone, more than one 80 GiB GPU holds (A100/H100; set tunelab.config.gpu.memoryGB for yours), and no DeepSpeed ZeRO-2/3 or FSDP config shards them. Set deepspeed: {5} (ZeRO-3 fits it on {6} or more such GPUs).',
          );
    else
      message = offload
        ? msg(
            'Training this {0} model ({1}) takes about {2} GiB per GPU for weights, gradients and optimizer states alone, more than one {3} GiB GPU ({4}) holds, and no DeepSpeed ZeRO-2/3 or FSDP config shards them. Set deepspeed: {5} (ZeRO-3 with CPU offload).',
          )
        : msg(
            'Training this {0} model ({1}) takes about {2} GiB per GPU for weights, gradients and optimizer states alone, more than one {3} GiB GPU ({4}) holds, and no DeepSpeed ZeRO-2/3 or FSDP config shards them. Set deepspeed: {5} (ZeRO-3 fits it on {6} or more such GPUs).',
          );
    const deepspeedEntry = entryOf(context, 'deepspeed');
    const after = entryOf(context, 'finetuning_type') ?? entryOf(context, 'adapter');
    const literal = context.document.format === 'json' ? JSON.stringify(file) : file;
    const fix = {
      title: msg('Set deepspeed to {0}'),
      args: [file],
      // An empty `deepspeed:` is replaced whole, so the value never runs into the colon.
      edits: [
        deepspeedEntry
          ? { range: entryRange(deepspeedEntry), newText: `${context.document.format === 'json' ? '"deepspeed"' : 'deepspeed'}: ${literal}` }
          : addKeyEdit(context.document, 'deepspeed', literal, after),
      ],
      preferred: true,
    };
    const modelEntry = entryOf(context, facts.policy.key);
    const range = deepspeedEntry ? entryRange(deepspeedEntry) : modelEntry ? entryRange(modelEntry) : anchorRange(context);
    return [
      configFinding('sharding-required', range, message, args, {
        key: deepspeedEntry ? 'deepspeed' : modelEntry?.key,
        measured: Number(need.statesGiB.toFixed(1)),
        recommended: need.gpuMemoryGiB,
        fixes: [fix],
      }),
    ];
  },
});
