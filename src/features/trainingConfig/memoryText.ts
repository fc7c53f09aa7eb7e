import * as vscode from 'vscode';
import type { GpuPlan, MemoryEstimate } from '../../core/config/facts/memoryEstimate';
import { gib } from '../../core/config/facts/memoryEstimate';

const fixed = (n: number) => n.toFixed(1);

/** A plan as `2×80 GiB`: GPU memory in GiB like every other figure TuneLab shows (and nvidia-smi counts). */
export function planLabel(plan: Pick<GpuPlan, 'gpus' | 'memoryGB'>): string {
  return `${plan.gpus}×${plan.memoryGB} GiB`;
}

/** "1×24 GiB ✓ · 2×80 GiB ✓ · 4×80 GiB ✗ (fits with ZeRO-3)": which plans the estimate fits. */
export function plansLine(estimate: MemoryEstimate): string {
  return estimate.plans
    .map((p) => {
      if (p.fits) return `${planLabel(p)} ✓`;
      return p.fitsWithZero3 ? `${planLabel(p)} ✗ (${vscode.l10n.t('fits with ZeRO-3')})` : `${planLabel(p)} ✗`;
    })
    .join(' · ');
}

/** The one-line summary shown in the CodeLens. */
export function memorySummary(estimate: MemoryEstimate): string {
  return vscode.l10n.t('GPU memory ≈ {0} GiB on one GPU', fixed(estimate.singleGpuGiB)) + ` · ${plansLine(estimate)}`;
}

/** The breakdown and assumptions, for hovers and the estimate command. */
export function memoryDetails(estimate: MemoryEstimate): string[] {
  const p = estimate.parts;
  const a = estimate.assumptions;
  const lines = [
    vscode.l10n.t(
      'Weights {0} GiB · gradients {1} GiB · optimizer states {2} GiB · activations {3} GiB · reference/reward models {4} GiB',
      fixed(gib(p.weights)),
      fixed(gib(p.gradients)),
      fixed(gib(p.optimizer)),
      fixed(gib(p.activations)),
      fixed(gib(p.extraModels)),
    ),
    vscode.l10n.t(
      '{0}B parameters, {1}B trainable; batch {2} × length {3}; gradient checkpointing {4}; sharding: {5}',
      Number(estimate.billions.toPrecision(3)),
      Number(estimate.trainableBillions.toPrecision(2)),
      a.batch,
      a.sequence,
      a.checkpointing ? vscode.l10n.t('on') : vscode.l10n.t('off'),
      estimate.sharding,
    ),
    vscode.l10n.t('Per GPU: {0}', estimate.plans.map((plan) => `${planLabel(plan)}: ${fixed(plan.perGpuGiB)} GiB`).join(', ')),
    vscode.l10n.t('A rough estimate (±30%): real use depends on the framework version, kernels and fragmentation.'),
  ];
  if (a.lora)
    lines.splice(
      2,
      0,
      vscode.l10n.t('LoRA rank {0}, {1}', a.lora.rank, a.lora.attentionOnly ? vscode.l10n.t('attention projections') : vscode.l10n.t('all linear layers')),
    );
  return lines;
}
