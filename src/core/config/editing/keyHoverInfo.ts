import type { Settings } from '../../settings/settings';
import type { CatalogKey } from '../catalog/catalogKey';
import { axolotlNestedCatalogKey } from '../catalog/axolotl/axolotlCatalog';
import { keysForKind } from '../catalog/configCatalog';
import type { KeyRecommendation } from '../facts/keyRecommendations';
import { keyRecommendation, notTheKlCoefficient } from '../facts/keyRecommendations';
import type { MemoryEstimate } from '../facts/memoryEstimate';
import { estimateMemory } from '../facts/memoryEstimate';
import type { SizedModel, TrainingFacts } from '../facts/trainingFacts';
import { targetGpu } from '../facts/gpuTarget';
import { clusterFromSettings, totalGpus } from '../facts/clusterShape';
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
  /** For the batch keys: the global batch (per-GPU batch × accumulation × GPUs from settings). */
  globalBatch?: { batchKey: string; perGpu: number; accumulation: number; gpus: number; total: number };
}

const MEMORY_KEYS = new Set([
  'model_name_or_path',
  'sft_model_path',
  'per_device_train_batch_size',
  'cutoff_len',
  'max_length',
  'finetuning_type',
  'quantization_bit',
  'deepspeed',
  'use_peft',
  'load_in_4bit',
  // Axolotl's names for the same inputs
  'base_model',
  'micro_batch_size',
  'sequence_len',
  'adapter',
  'load_in_8bit',
  'sample_packing',
  'fsdp_config',
]);

/** A hover on a key inside a block or list (Axolotl's `datasets[]` entries, `trl:`, `fsdp_config:`). */
export function nestedKeyHoverInfo(path: ReadonlyArray<string | number>, kind: ConfigKind): KeyHoverInfo | undefined {
  if (kind !== 'axolotl' || path.length < 2) return undefined;
  const catalog = axolotlNestedCatalogKey(path);
  if (!catalog) return undefined;
  const schema = catalog.schema;
  const types = schema.type === undefined ? ['any'] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const info: KeyHoverInfo = { key: catalog.name, kind, catalog, typeText: types.join(' | ') };
  if (catalog.hasDefault) info.defaultText = JSON.stringify(catalog.default);
  if (schema.enum) info.allowed = schema.enum.filter((v): v is string => typeof v === 'string');
  if (schema.examples) info.suggestions = schema.examples;
  return info;
}

export function keyHoverInfo(key: string, kind: ConfigKind, facts: TrainingFacts, settings: Settings): KeyHoverInfo | undefined {
  const catalog = keysForKind(kind).get(key);
  if (!catalog) return undefined;
  const schema = catalog.schema;
  const types = schema.type === undefined ? ['any'] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const info: KeyHoverInfo = { key, kind, catalog, typeText: types.join(' | ') };
  if (catalog.hasDefault) info.defaultText = JSON.stringify(catalog.default);
  if (schema.enum) info.allowed = schema.enum.filter((v): v is string => typeof v === 'string');
  if (schema.examples) info.suggestions = schema.examples;
  info.recommendation = keyRecommendation(key, kind, facts, settings);
  info.note = notTheKlCoefficient(key, kind);
  if (facts.policy && facts.policy.key === key) info.size = facts.policy;
  if (facts.reward && facts.reward.key === key) info.size = facts.reward;
  if (MEMORY_KEYS.has(key)) {
    const target = targetGpu(settings);
    info.memory = estimateMemory(facts, target ? [target] : []);
  }
  if (key === facts.keys.batch || key === 'gradient_accumulation_steps') {
    const perGpu = facts.valueOf(facts.keys.batch);
    const accumulation = facts.valueOf('gradient_accumulation_steps');
    // Every GPU of every node takes a micro-batch: nodes × GPUs per node.
    const gpus = totalGpus(clusterFromSettings(settings));
    if (typeof perGpu === 'number' && perGpu > 0) {
      const steps = typeof accumulation === 'number' && accumulation > 0 ? accumulation : 1;
      info.globalBatch = { batchKey: facts.keys.batch, perGpu, accumulation: steps, gpus, total: perGpu * steps * gpus };
    }
  }
  return info;
}
