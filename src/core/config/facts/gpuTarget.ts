import type { Settings } from '../../settings/settings';
import type { GpuPlan } from './memoryEstimate';

/** The user's own GPU from settings, when set. */
export function targetGpu(settings: Settings): GpuPlan | undefined {
  const memoryGB = settings['config.gpu.memoryGB'];
  if (!(memoryGB > 0)) return undefined;
  const gpus = settings['config.gpu.count'];
  return { label: `${gpus}×${memoryGB} GiB`, gpus, memoryGB };
}
