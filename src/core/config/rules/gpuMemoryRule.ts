import { msg } from '../../../shared/messageTemplate';
import { targetGpu } from '../facts/gpuTarget';
import { estimateMemory } from '../facts/memoryEstimate';
import { defineConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

/**
 * A warning when the estimate does not fit the target GPU set in `tunelab.config.gpu.*`.
 * Without a target there is nothing to warn about: the estimate and the plans that fit are
 * shown in the hover and the CodeLens instead.
 */
export const gpuMemoryRule = defineConfigRule({
  info: [
    {
      code: 'gpu-memory',
      defaultSeverity: 'warning',
      title: msg('Does not fit the target GPU'),
      why: msg('A run that needs more GPU memory than the card has stops with an out-of-memory error, often after minutes of loading.'),
      settings: ['config.gpu.memoryGB', 'config.gpu.count'],
    },
  ],
  check(context) {
    const target = targetGpu(context.settings);
    if (!target) return [];
    const estimate = estimateMemory(context.facts, [target]);
    const fit = estimate?.plans[estimate.plans.length - 1];
    if (!estimate || !fit || fit.fits) return [];
    const entry = entryOf(context, context.facts.policy?.key ?? 'model_name_or_path');
    // The keys the estimate read, in the framework's own names.
    const keys = context.facts.keys;
    const read = [entry?.key ?? keys.model, keys.batch, keys.sequence[0]].join(', ');
    const args = [fit.perGpuGiB.toFixed(1), target.label, read];
    const message = fit.fitsWithZero3
      ? msg('Estimated {0} GiB per GPU (from {2}, …) does not fit the target GPU ({1}); DeepSpeed ZeRO-3 would make it fit.')
      : msg('Estimated {0} GiB per GPU (from {2}, …) does not fit the target GPU ({1}).');
    return [
      configFinding('gpu-memory', entry ? entryRange(entry) : anchorRange(context), message, args, {
        key: entry?.key,
        measured: Number(fit.perGpuGiB.toFixed(1)),
        recommended: target.memoryGB,
      }),
    ];
  },
});
