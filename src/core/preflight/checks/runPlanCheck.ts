import { msg } from '../../../shared/messageTemplate';
import type { PreflightCheck, ReportLine } from '../preflightTypes';
import { runPlan } from '../runPlan';

const gib = (n: number) => n.toFixed(1);

/** Records per dataset (a dataset may be several files), for caps that apply per dataset. */
function perDataset(datasets: ReadonlyArray<{ files: string[] }>, files: readonly string[], counts: readonly number[]): number[] {
  const byFile = new Map(files.map((f, i) => [f, counts[i] ?? 0]));
  return datasets.map((d) => d.files.reduce((sum, f) => sum + (byFile.get(f) ?? 0), 0));
}

/** Steps, warm-up, checkpoints and their size on disk, evaluation memory and the GPU-memory estimate. */
export const runPlanCheck: PreflightCheck = {
  id: 'plan',
  run(context) {
    const tokens = context.shared.tokens;
    if (!tokens) return { findings: [] };
    context.progress(msg('Planning the run'));
    const dropped = tokens.limit.action === 'drop' ? tokens.overLimit.count : 0;
    const plan = runPlan({
      facts: context.check.facts,
      trainRecords: perDataset(context.shared.data?.train ?? [], context.shared.tokenFiles ?? [], tokens.recordsByFile),
      droppedRecords: dropped,
      evalRecords: context.shared.evalRecords,
      tokens: tokens.totalTokens,
      tokensExact: tokens.totalExact && tokens.exact,
      gpus: context.gpus,
      gpuMemoryGiB: context.gpuMemoryGiB,
      cluster: context.cluster,
    });
    context.shared.plan = plan;
    const lines: ReportLine[] = [];
    lines.push({
      message: dropped ? msg('{0} training records after filtering ({1} over the limit dropped).') : msg('{0} training records after filtering.'),
      args: [plan.records, dropped].slice(0, dropped ? 2 : 1),
    });
    lines.push(
      plan.gpuSource
        ? {
            message: msg('Global batch {0} = {1} per device × {2} accumulation × {3} GPUs ({4}).'),
            args: [plan.globalBatch, plan.batch, plan.accumulation, plan.nodes > 1 ? `${plan.nodes}×${plan.gpusPerNode}` : plan.gpus, plan.gpuSource],
          }
        : {
            message: msg('Global batch {0} = {1} per device × {2} accumulation × {3} GPUs.'),
            args: [plan.globalBatch, plan.batch, plan.accumulation, plan.gpus],
          },
    );
    lines.push({
      message: plan.maxSteps ? msg('{0} steps per epoch; max_steps = {1} decides the length.') : msg('{0} steps per epoch × {1} epochs = {2} steps.'),
      args: plan.maxSteps ? [plan.stepsPerEpoch, plan.maxSteps] : [plan.stepsPerEpoch, plan.epochs, plan.totalSteps],
    });
    lines.push({ message: msg('Warm-up: {0} steps.'), args: [plan.warmupSteps] });
    const c = plan.checkpoints;
    if (c.strategy === 'no') lines.push({ message: msg('No checkpoints are saved during training (save_strategy: no).'), args: [] });
    else {
      lines.push({
        message:
          c.strategy === 'epoch' ? msg('{0} checkpoints written (one per epoch), {1} kept.') : msg('{0} checkpoints written (every {2} steps), {1} kept.'),
        args: c.strategy === 'epoch' ? [c.written, c.kept] : [c.written, c.kept, c.every ?? 0],
      });
      if (c.perCheckpointGiB !== undefined && c.diskGiB !== undefined) {
        lines.push({
          message: c.withOptimizer
            ? msg('About {0} GiB each with optimizer state, {1} GiB on disk at most.')
            : msg('About {0} GiB each (weights only), {1} GiB on disk at most.'),
          args: [gib(c.perCheckpointGiB), gib(c.diskGiB)],
          detail: true,
        });
      }
    }
    if (plan.eval) {
      const e = plan.eval;
      lines.push({ message: msg('Evaluation: {0} records, {1} per device per step.'), args: [e.records ?? '?', e.batch] });
      if (e.logitsGiBPerBatch !== undefined)
        lines.push({ message: msg('The logits of one evaluation batch take about {0} GiB (fp32).'), args: [gib(e.logitsGiBPerBatch)], detail: true });
      if (!e.accumulation)
        lines.push({
          message: msg('eval_accumulation_steps is not set: predictions kept for metrics stay on the GPU until evaluation ends.'),
          args: [],
          detail: true,
        });
    }
    const m = plan.memory;
    if (m) {
      const sharded = m.estimate.sharding !== 'none';
      lines.push({
        message: sharded ? msg('GPU memory ≈ {0} GiB on one GPU ({1}).') : msg('GPU memory ≈ {0} GiB on one GPU.'),
        args: sharded ? [gib(m.estimate.singleGpuGiB), m.estimate.sharding] : [gib(m.estimate.singleGpuGiB)],
      });
      if (m.target)
        lines.push(
          m.target.source
            ? {
                message: m.target.fits ? msg('Fits {0} ({2}): {1} GiB per GPU.') : msg('Does not fit {0} ({2}): {1} GiB per GPU.'),
                args: [m.target.label, gib(m.target.perGpuGiB), m.target.source],
                detail: true,
              }
            : {
                message: m.target.fits ? msg('Fits {0}: {1} GiB per GPU.') : msg('Does not fit {0}: {1} GiB per GPU.'),
                args: [m.target.label, gib(m.target.perGpuGiB)],
                detail: true,
              },
        );
    } else
      lines.push({ message: msg('No GPU-memory estimate: the model size is not known (name it in the model path or tunelab.config.modelSizeB).'), args: [] });
    return { findings: [], section: { id: 'plan', title: msg('Run plan'), lines, data: plan } };
  },
};
