import type { Settings } from '../../settings/settings';
import { clusterFromSettings, clusterPlan } from './clusterShape';
import type { GpuPlan } from './memoryEstimate';

/**
 * The user's own GPUs from settings, when a memory figure is set: nodes × GPUs per node
 * (`tunelab.config.gpu.nodes` × `tunelab.config.gpu.count`) of `tunelab.config.gpu.memoryGB`.
 */
export function targetGpu(settings: Settings): GpuPlan | undefined {
  return clusterPlan(clusterFromSettings(settings));
}
