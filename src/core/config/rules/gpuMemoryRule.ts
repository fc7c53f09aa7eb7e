import { msg } from '../../../shared/messageTemplate';
import { clusterPlan, describeCount, describeShapeSource } from '../facts/clusterShape';
import { estimateMemory } from '../facts/memoryEstimate';
import { shardingNeed, splitOutsideEstimate } from '../facts/shardingNeed';
import { defineConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

/**
 * A warning when the estimate does not fit the run's GPUs: the cluster shape (a launch target,
 * `--gpus`/`--nodes`/`--gpu-memory`, or `tunelab.config.gpu.*`), sharded across all of its GPUs
 * as ZeRO shards across nodes × GPUs per node. Without a memory figure there is nothing to warn
 * about: the estimate and the plans that fit are shown in the hover and the CodeLens instead.
 * A config that needs sharding and has none gets `sharding-required` instead, not both; a model
 * split in ways the estimate cannot see (KTransformers, Megatron, a sharding launch) gets neither.
 */
export const gpuMemoryRule = defineConfigRule({
  info: [
    {
      code: 'gpu-memory',
      defaultSeverity: 'warning',
      title: msg('Does not fit the target GPU'),
      why: msg('A run that needs more GPU memory than the card has stops with an out-of-memory error, often after minutes of loading.'),
      settings: ['config.gpu.memoryGB', 'config.gpu.count', 'config.gpu.nodes'],
    },
  ],
  check(context) {
    const target = clusterPlan(context.cluster);
    if (!target || splitOutsideEstimate(context.facts, context.document, context.fileName)) return [];
    const estimate = estimateMemory(context.facts, [target]);
    const fit = estimate?.plans[estimate.plans.length - 1];
    if (!estimate || !fit || fit.fits) return [];
    if (shardingNeed(context.facts, context.cluster, context.document, context.fileName)) return [];
    const entry = entryOf(context, context.facts.policy?.key ?? 'model_name_or_path');
    // The keys the estimate read, in the framework's own names.
    const keys = context.facts.keys;
    const read = [entry?.key ?? keys.model, keys.batch, keys.sequence[0]].join(', ');
    const args = [fit.perGpuGiB.toFixed(1), target.memoryGB, read, describeCount(context.cluster), describeShapeSource(context.cluster)];
    const message = fit.fitsWithZero3
      ? msg('Estimated {0} GiB per GPU (from {2}, …) does not fit the target GPUs, {3} × {1} GiB ({4}); DeepSpeed ZeRO-3 would make it fit.')
      : msg('Estimated {0} GiB per GPU (from {2}, …) does not fit the target GPUs, {3} × {1} GiB ({4}).');
    return [
      configFinding('gpu-memory', entry ? entryRange(entry) : anchorRange(context), message, args, {
        key: entry?.key,
        measured: Number(fit.perGpuGiB.toFixed(1)),
        recommended: target.memoryGB,
      }),
    ];
  },
});
