import { dirname } from 'node:path';
import type { ConfigCheck } from '../config/checkConfig';
import { checkConfig } from '../config/checkConfig';
import { topLevelValues } from '../config/document/configTree';
import type { ConfigFormat } from '../config/document/parseConfig';
import type { ClusterShape } from '../config/facts/clusterShape';
import { clusterFromFlags, totalGpus } from '../config/facts/clusterShape';
import type { ConfigKind } from '../config/kinds/configKind';
import type { Settings } from '../settings/settings';
import { runPreflight } from './preflight';
import type { PreflightContext, PreflightReport } from './preflightTypes';

export interface PreflightRequest {
  configPath: string;
  text: string;
  format: ConfigFormat;
  settings: Settings;
  /** The project root (where the trainer is started); the config's folder is tried after it. */
  root?: string;
  env: Readonly<Record<string, string | undefined>>;
  tokenizerPath?: string;
  gpus?: number;
  /** Nodes of a multi-node run (`--nodes`); GPUs per node is `gpus`. */
  nodes?: number;
  gpuMemoryGiB?: number;
  /** The launch target's GPUs (a Slurm target, an SSH host's nvidia-smi list) when the caller knows it: beats the flags and settings. */
  cluster?: ClusterShape;
  kindOverride?: ConfigKind | 'none';
  signal?: AbortSignal;
  progress?: (stage: string, fraction?: number) => void;
}

/** Checks the config, then runs every pre-flight check; `undefined` report when the file is not a training config. */
export async function preflightConfig(request: PreflightRequest): Promise<{ check: ConfigCheck; report?: PreflightReport }> {
  const settings = request.settings;
  const cluster = request.cluster ?? clusterFromFlags(settings, { gpus: request.gpus, nodes: request.nodes, gpuMemoryGiB: request.gpuMemoryGiB });
  const check = checkConfig(request.text, request.format, {
    settings,
    fileName: request.configPath,
    kindOverride: request.kindOverride,
    cluster,
    readFiles: true,
  });
  if (!check.kind || !check.facts) return { check };
  const memory = cluster.gpuMemoryGiB;
  const context: PreflightContext = {
    configPath: request.configPath,
    check: { ...check, kind: check.kind, facts: check.facts },
    values: topLevelValues(check.document),
    settings,
    baseDirs: [...new Set([request.root, dirname(request.configPath)].filter((d): d is string => Boolean(d)))],
    env: request.env,
    tokenizerPath: request.tokenizerPath,
    gpus: totalGpus(cluster),
    gpuMemoryGiB: memory,
    cluster,
    signal: request.signal,
    progress: request.progress ?? (() => undefined),
    shared: {},
  };
  return { check, report: await runPreflight(context) };
}
