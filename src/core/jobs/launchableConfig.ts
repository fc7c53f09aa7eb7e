import { topLevelValues } from '../config/document/configTree';
import type { ConfigFormat } from '../config/document/parseConfig';
import { parseConfig } from '../config/document/parseConfig';
import type { ConfigKind } from '../config/kinds/configKind';
import { detectConfigKind } from '../config/kinds/detectConfigKind';
import { kindFromFile, kindFromFileName } from '../config/kinds/kindOverride';
import { looksLikeDataset } from '../dataset/detectDataset';

/** Training configs are small; a bigger JSON or YAML file is data, never parsed to fill a picker. */
export const MAX_LAUNCHABLE_CONFIG_BYTES = 1_000_000;

/** Kinds a training command runs: not LLaMA-Factory's inference, export or evaluation configs. */
const TRAINING_KINDS: ReadonlySet<ConfigKind> = new Set<ConfigKind>([
  'llamafactory-train',
  'trl-sft',
  'trl-dpo',
  'trl-kto',
  'trl-grpo',
  'trl-ppo',
  'trl-ppo-legacy',
  'trl-reward',
  'axolotl',
]);

/**
 * The training kind of a file, when it is a training config a job can run: named by the file
 * (`# tunelab: kind=…`, `$schema`, `*.<kind>.yaml`) or detected from its keys as the editor does.
 * Datasets (a JSON array of records, a ShareGPT file) and other tools' configs are not, so a
 * launch can never take a dataset for its config.
 */
export function launchableKind(text: string, format: ConfigFormat, fileName: string): ConfigKind | undefined {
  if (format === 'json' && looksLikeDataset(text.slice(0, 64 * 1024))) return undefined;
  const document = parseConfig(text, format);
  if (document.root?.type !== 'object') return undefined;
  const kind = kindFromFile(document) ?? kindFromFileName(fileName) ?? detectConfigKind(topLevelValues(document)).kind;
  return kind && TRAINING_KINDS.has(kind) ? kind : undefined;
}
