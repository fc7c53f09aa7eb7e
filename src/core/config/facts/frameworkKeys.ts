import type { ConfigFramework } from '../kinds/configKind';
import type { TrainingStage, TuningMethod } from './trainingStage';

/** What each framework calls the settings the rules and the memory estimate read. */
export interface FrameworkKeys {
  model: string;
  batch: string;
  /** Tried in order: the first one set is the sequence length. */
  sequence: readonly string[];
  loraRank: string;
  loraAlpha: string;
  loraTargets: string;
  optimizer: string;
  fsdp: string;
}

export const FRAMEWORK_KEYS: Readonly<Record<ConfigFramework, FrameworkKeys>> = {
  llamafactory: {
    model: 'model_name_or_path',
    batch: 'per_device_train_batch_size',
    sequence: ['cutoff_len'],
    loraRank: 'lora_rank',
    loraAlpha: 'lora_alpha',
    loraTargets: 'lora_target',
    optimizer: 'optim',
    fsdp: 'fsdp',
  },
  trl: {
    model: 'model_name_or_path',
    batch: 'per_device_train_batch_size',
    sequence: ['max_length', 'max_seq_length'],
    loraRank: 'lora_r',
    loraAlpha: 'lora_alpha',
    loraTargets: 'lora_target_modules',
    optimizer: 'optim',
    fsdp: 'fsdp',
  },
  axolotl: {
    model: 'base_model',
    batch: 'micro_batch_size',
    sequence: ['sequence_len'],
    loraRank: 'lora_r',
    loraAlpha: 'lora_alpha',
    loraTargets: 'lora_target_modules',
    optimizer: 'optimizer',
    fsdp: 'fsdp_config',
  },
};

/**
 * Axolotl's `rl:` names the trainer; without it the run is SFT, or pre-training when it streams
 * a `pretraining_dataset`. EBFT and reward models have no figures here, so they read as
 * `none` (no learning-rate or memory claims rather than wrong ones).
 */
export function axolotlStage(values: Readonly<Record<string, unknown>>): TrainingStage {
  const rl = values.rl;
  if (rl === 'dpo' || rl === 'ipo' || rl === 'orpo' || rl === 'simpo' || rl === 'gdpo') return 'dpo';
  if (rl === 'kto') return 'kto';
  if (rl === 'grpo') return 'grpo';
  if (rl !== undefined && rl !== null && rl !== false) return 'none';
  if (values.reward_model === true || values.process_reward_model === true) return 'none';
  if (values.pretraining_dataset) return 'pt';
  return 'sft';
}

/** `adapter: lora | qlora` with `load_in_4bit` / `load_in_8bit`; no adapter is full fine-tuning. */
export function axolotlMethod(valueOf: (key: string) => unknown): { method: TuningMethod; quantizationBits?: number } {
  const adapter = valueOf('adapter');
  const quantizationBits = valueOf('load_in_4bit') === true || adapter === 'qlora' ? 4 : valueOf('load_in_8bit') === true ? 8 : undefined;
  if (adapter === 'lora' || adapter === 'qlora') return { method: quantizationBits === 4 ? 'qlora' : 'lora', quantizationBits };
  // Other adapters (llama-adapter, lora variants named by plugins) train a small share too.
  if (typeof adapter === 'string' && adapter) return { method: 'lora', quantizationBits };
  return { method: 'full', quantizationBits };
}
