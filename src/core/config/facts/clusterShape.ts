import type { SlurmHostDefaults } from '../../jobs/slurm/slurmOptions';
import type { Settings } from '../../settings/settings';
import type { GpuPlan } from './memoryEstimate';

/**
 * Where the figures of a cluster shape came from. Training configs do not say how many GPUs a
 * run gets (LLaMA-Factory and TRL read it from the launcher), so the shape comes from the
 * launch target when one is known, else from the settings.
 */
export type ClusterSource =
  { kind: 'settings' } | { kind: 'cli' } | { kind: 'slurm'; name: string } | { kind: 'host'; name: string; gpuName?: string } | { kind: 'hosts'; name: string };

/** The GPUs a run gets: what the global batch, the learning-rate notes and the memory fit read. */
export interface ClusterShape {
  nodes: number;
  gpusPerNode: number;
  /** Memory of one GPU in GiB; undefined when nothing says. */
  gpuMemoryGiB?: number;
  source: ClusterSource;
  /** Where the memory figure came from when not from `source` (a Slurm target names no memory: the setting does). */
  memorySource?: ClusterSource;
}

export function totalGpus(shape: ClusterShape): number {
  return Math.max(1, shape.nodes) * Math.max(1, shape.gpusPerNode);
}

/** `tunelab.config.gpu.nodes` × `tunelab.config.gpu.count`, `tunelab.config.gpu.memoryGB`: what is known without a target. */
export function clusterFromSettings(settings: Settings): ClusterShape {
  const memory = settings['config.gpu.memoryGB'];
  return {
    nodes: settings['config.gpu.nodes'],
    gpusPerNode: settings['config.gpu.count'],
    ...(memory > 0 ? { gpuMemoryGiB: memory } : {}),
    source: { kind: 'settings' },
  };
}

/**
 * `tunelab check --gpus N --nodes M --gpu-memory G`: each flag given overrides its setting;
 * the source is the CLI when a count was given, the settings otherwise.
 */
export function clusterFromFlags(settings: Settings, flags: { gpus?: number; nodes?: number; gpuMemoryGiB?: number }): ClusterShape {
  const base = clusterFromSettings(settings);
  const counted = flags.gpus !== undefined || flags.nodes !== undefined;
  const memory = flags.gpuMemoryGiB ?? base.gpuMemoryGiB;
  const memoryFromCli = flags.gpuMemoryGiB !== undefined;
  return {
    nodes: flags.nodes ?? base.nodes,
    gpusPerNode: flags.gpus ?? base.gpusPerNode,
    ...(memory ? { gpuMemoryGiB: memory } : {}),
    source: counted ? { kind: 'cli' } : base.source,
    ...(memory && memoryFromCli !== counted ? { memorySource: memoryFromCli ? { kind: 'cli' as const } : { kind: 'settings' as const } } : {}),
  };
}

/**
 * A Slurm target's nodes × `gpusPerNode` (a `gres` of `gpu:8` or `gpu:a100:8` counts too). Slurm
 * says nothing of the GPUs' memory: the setting's figure is used and labelled as such.
 */
export function clusterFromSlurm(name: string, defaults: SlurmHostDefaults, settings: Settings): ClusterShape {
  const perNode = defaults.gpusPerNode ?? gresGpus(defaults.gres) ?? settings['config.gpu.count'];
  const memory = settings['config.gpu.memoryGB'];
  return {
    nodes: defaults.nodes ?? 1,
    gpusPerNode: Math.max(1, perNode),
    ...(memory > 0 ? { gpuMemoryGiB: memory, memorySource: { kind: 'settings' as const } } : {}),
    source: { kind: 'slurm', name },
  };
}

/** An SSH host's GPUs as nvidia-smi listed them (memory in MiB): one node, the smallest card decides the fit. */
export function clusterFromHostGpus(name: string, gpus: ReadonlyArray<{ name: string; totalMiB: number }>): ClusterShape | undefined {
  if (gpus.length === 0) return undefined;
  const smallest = gpus.reduce((a, b) => (b.totalMiB < a.totalMiB ? b : a));
  return {
    nodes: 1,
    gpusPerNode: gpus.length,
    ...(smallest.totalMiB > 0 ? { gpuMemoryGiB: Number((smallest.totalMiB / 1024).toFixed(1)) } : {}),
    source: { kind: 'host', name, gpuName: smallest.name },
  };
}

/**
 * A multi-host launch over SSH: one node per host, each with the setting's GPUs (the launcher
 * starts one process per GPU of each host), memory from the setting, labelled as such.
 */
export function clusterFromHostGroup(name: string, hosts: number, settings: Settings): ClusterShape {
  const memory = settings['config.gpu.memoryGB'];
  return {
    nodes: Math.max(1, hosts),
    gpusPerNode: Math.max(1, settings['config.gpu.count']),
    ...(memory > 0 ? { gpuMemoryGiB: memory, memorySource: { kind: 'settings' as const } } : {}),
    source: { kind: 'hosts', name },
  };
}

/** `gpu:8`, `gpu:a100:8`, `gpu:a100:4,shard:2` → GPUs per node; a bare `gpu` is one. */
export function gresGpus(gres: string | undefined): number | undefined {
  if (!gres) return undefined;
  for (const part of gres.split(',')) {
    const fields = part.split(':');
    if (fields[0] !== 'gpu') continue;
    const count = fields.length > 1 ? Number(fields[fields.length - 1]) : 1;
    if (Number.isInteger(count) && count > 0) return count;
    return 1;
  }
  return undefined;
}

/**
 * Where a figure came from, as an argument of a message: setting names, flags and target names
 * only, so the English and Chinese templates read the same way around it.
 */
export function describeSource(source: ClusterSource): string {
  switch (source.kind) {
    case 'settings':
      return 'tunelab.config.gpu.*';
    case 'cli':
      return '--gpus/--nodes/--gpu-memory';
    case 'slurm':
      return `tunelab.jobs.slurm "${source.name}"`;
    case 'host':
      return source.gpuName ? `nvidia-smi @ ${source.name}: ${source.gpuName}` : `nvidia-smi @ ${source.name}`;
    case 'hosts':
      return `hosts ${source.name}; tunelab.config.gpu.count`;
  }
}

/** "2×8 GPUs" style count argument: nodes × GPUs per node, or the GPUs of one node. */
export function describeCount(shape: ClusterShape): string {
  return shape.nodes > 1 ? `${shape.nodes}×${shape.gpusPerNode}` : `${shape.gpusPerNode}`;
}

/** Where the memory figure came from (the count's source unless told otherwise). */
export function memorySourceOf(shape: ClusterShape): ClusterSource {
  return shape.memorySource ?? shape.source;
}

/** The shape as a plan the memory estimate holds its figure against; undefined without a memory figure. */
export function clusterPlan(shape: ClusterShape): GpuPlan | undefined {
  if (!shape.gpuMemoryGiB || !(shape.gpuMemoryGiB > 0)) return undefined;
  const gpus = totalGpus(shape);
  const count = shape.nodes > 1 ? `${shape.nodes}×${shape.gpusPerNode}` : `${gpus}`;
  return { label: `${count}×${shape.gpuMemoryGiB} GiB`, gpus, memoryGB: shape.gpuMemoryGiB };
}

/** Where the count and (when it came from elsewhere) the memory figure came from, as one argument. */
export function describeShapeSource(shape: ClusterShape): string {
  const count = describeSource(shape.source);
  const memory = shape.memorySource && shape.gpuMemoryGiB ? describeSource(shape.memorySource) : undefined;
  return memory && memory !== count ? `${count}; ${memory}` : count;
}
