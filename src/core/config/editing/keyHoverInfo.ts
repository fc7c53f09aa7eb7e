import type { Settings } from '../../settings/settings';
import type { CatalogKey } from '../catalog/configCatalog';
import { keysForKind } from '../catalog/configCatalog';
import type { KeyRecommendation } from '../facts/keyRecommendations';
import { keyRecommendation, notTheKlCoefficient } from '../facts/keyRecommendations';
import type { MemoryEstimate } from '../facts/memoryEstimate';
import { estimateMemory } from '../facts/memoryEstimate';
import type { SizedModel, TrainingFacts } from '../facts/trainingFacts';
import { targetGpu } from '../rules/gpuMemoryRule';
import type { ConfigKind } from '../kinds/configKind';

/** Everything a hover on a key shows, as plain data; the adapter renders and localises it. */
export interface KeyHoverInfo {
  key: string;
  kind: ConfigKind;
  catalog: CatalogKey;
  /** `number`, `string | null`, … */
  typeText: string;
  defaultText?: string;
  allowed?: string[];
  suggestions?: string[];
  recommendation?: KeyRecommendation;
  /** A warning that this key is not the PPO KL coefficient (English template). */
  note?: string;
  /** For the model keys: the size read from the name. */
  size?: SizedModel;
  /** For the model, batch and length keys: the GPU-memory estimate. */
  memory?: MemoryEstimate;
}

const MEMORY_KEYS = new Set(['model_name_or_path', 'sft_model_path', 'per_device_train_batch_size', 'cutoff_len', 'max_length', 'finetuning_type', 'quantization_bit', 'deepspeed', 'use_peft', 'load_in_4bit']);

export function keyHoverInfo(key: string, kind: ConfigKind, facts: TrainingFacts, settings: Settings): KeyHoverInfo | undefined {
  const catalog = keysForKind(kind).get(key);
  if (!catalog) return undefined;
  const schema = catalog.schema;
  const types = schema.type === undefined ? ['any'] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const info: KeyHoverInfo = { key, kind, catalog, typeText: types.join(' | ') };
  if (catalog.hasDefault) info.defaultText = JSON.stringify(catalog.default);
  if (schema.enum) info.allowed = schema.enum.filter((v): v is string => v !== null);
  if (schema.examples) info.suggestions = schema.examples;
  info.recommendation = keyRecommendation(key, kind, facts, settings);
  info.note = notTheKlCoefficient(key, kind);
  if (facts.policy && facts.policy.key === key) info.size = facts.policy;
  if (facts.reward && facts.reward.key === key) info.size = facts.reward;
  if (MEMORY_KEYS.has(key)) {
    const target = targetGpu(settings);
    info.memory = estimateMemory(facts, target ? [target] : []);
  }
  return info;
}
