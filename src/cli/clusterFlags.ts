import { UsageError } from './cliIo';

export interface ClusterFlags {
  gpus?: number;
  nodes?: number;
  gpuMemoryGiB?: number;
}

/** The parseArgs options of `--gpus`, `--nodes` and `--gpu-memory`, shared by `tunelab check` and `tunelab preflight`. */
export const CLUSTER_OPTIONS = {
  gpus: { type: 'string' },
  nodes: { type: 'string' },
  'gpu-memory': { type: 'string' },
} as const;

/** Validates the flags: whole numbers of GPUs (per node) and nodes, a memory figure in GiB above 0. */
export function clusterFlags(values: { gpus?: string; nodes?: string; 'gpu-memory'?: string }): ClusterFlags {
  const whole = (flag: string, text: string | undefined, max: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag} must be a whole number from 1 to ${max}`);
    return n;
  };
  const gpus = whole('gpus', values.gpus, 1024);
  const nodes = whole('nodes', values.nodes, 100000);
  const memory = values['gpu-memory'] === undefined ? undefined : Number(values['gpu-memory']);
  if (memory !== undefined && !(memory > 0 && Number.isFinite(memory))) throw new UsageError('--gpu-memory must be a number of GiB above 0');
  return { ...(gpus !== undefined ? { gpus } : {}), ...(nodes !== undefined ? { nodes } : {}), ...(memory !== undefined ? { gpuMemoryGiB: memory } : {}) };
}
