import type { Settings } from '../../settings/settings';
import { keysForKind } from '../catalog/configCatalog';
import type { ConfigFramework, ConfigKind } from '../kinds/configKind';
import { frameworkOf } from '../kinds/configKind';
import type { FrameworkKeys } from './frameworkKeys';
import type { TrainingStage, TuningMethod } from './trainingStage';
import { FRAMEWORK_KEYS, axolotlMethod, axolotlStage } from './frameworkKeys';
import type { ModelSize } from './modelSize';
import { modelSizeFromName } from './modelSize';

export interface SizedModel extends ModelSize {
  /** The key holding the model name (empty when only the size setting names the model). */
  key: string;
  name: string;
  fromSetting: boolean;
}

/** What a config trains, read once and shared by the rules and the memory estimate. */
export interface TrainingFacts {
  kind: ConfigKind;
  framework: ConfigFramework;
  /** The framework's names for the keys the rules and the memory estimate read. */
  keys: FrameworkKeys;
  stage: TrainingStage;
  method: TuningMethod;
  quantizationBits?: number;
  policy?: SizedModel;
  reward?: SizedModel;
  /** The DeepSpeed JSON file `deepspeed:` names, when it was read (checkConfig's `readFiles`): its ZeRO stage beats the name's. */
  deepspeedConfig?: Record<string, unknown>;
  /** The configured value of a key, or the framework's default when the key is absent. */
  valueOf(key: string): unknown;
  has(key: string): boolean;
}

const TRL_STAGES: Partial<Record<ConfigKind, TrainingStage>> = {
  'trl-sft': 'sft',
  'trl-dpo': 'dpo',
  'trl-kto': 'kto',
  'trl-grpo': 'grpo',
  'trl-ppo': 'ppo',
  'trl-ppo-legacy': 'ppo',
  'trl-reward': 'rm',
};

export function trainingFacts(kind: ConfigKind, values: Readonly<Record<string, unknown>>, settings: Settings): TrainingFacts {
  const catalog = keysForKind(kind);
  const has = (key: string) => Object.prototype.hasOwnProperty.call(values, key) && values[key] !== null;
  const valueOf = (key: string): unknown => (has(key) ? values[key] : catalog.get(key)?.default);
  const framework = frameworkOf(kind);
  const lf = framework === 'llamafactory';
  const keys = FRAMEWORK_KEYS[framework];
  let stage: TrainingStage = lf ? (kind === 'llamafactory-train' ? asStage(valueOf('stage')) : 'none') : (TRL_STAGES[kind] ?? 'none');

  let method: TuningMethod;
  let quantizationBits: number | undefined;
  if (framework === 'axolotl') {
    stage = axolotlStage(values);
    ({ method, quantizationBits } = axolotlMethod(valueOf));
  } else if (lf) {
    const type = valueOf('finetuning_type');
    const bits = valueOf('quantization_bit');
    quantizationBits = typeof bits === 'number' ? bits : undefined;
    method = type === 'full' ? 'full' : type === 'freeze' ? 'freeze' : type === 'oft' ? 'oft' : quantizationBits ? 'qlora' : 'lora';
  } else {
    quantizationBits = valueOf('load_in_4bit') === true ? 4 : valueOf('load_in_8bit') === true ? 8 : undefined;
    method = valueOf('use_peft') === true ? (quantizationBits ? 'qlora' : 'lora') : 'full';
  }

  const policyKey = ['sft_model_path', 'model_name_or_path', 'model_name', 'base_model'].find((k) => has(k) && catalog.has(k));
  const rewardKey = lf ? (valueOf('reward_model_type') === 'api' ? undefined : 'reward_model') : kind === 'trl-ppo' ? 'reward_model_path' : undefined;
  const policy = sized(settings['config.modelSizeB'], policyKey, values);
  const reward = rewardKey && has(rewardKey) ? sized(settings['config.rewardModelSizeB'], rewardKey, values) : undefined;
  return { kind, framework, keys, stage, method, quantizationBits, policy, reward, valueOf, has };
}

function asStage(value: unknown): TrainingStage {
  return value === 'pt' || value === 'sft' || value === 'rm' || value === 'ppo' || value === 'dpo' || value === 'kto' ? value : 'sft';
}

function sized(settingValue: number, key: string | undefined, values: Readonly<Record<string, unknown>>): SizedModel | undefined {
  const name = key && typeof values[key] === 'string' ? values[key] : '';
  if (settingValue > 0) return { billions: settingValue, token: `${settingValue}B`, key: key ?? '', name, fromSetting: true };
  if (!key || !name) return undefined;
  const size = modelSizeFromName(name);
  return size ? { ...size, key, name, fromSetting: false } : undefined;
}

/** Stages that are reinforcement learning on a fine-tuned policy (the RL learning-rate figure applies). */
export function isRlStage(stage: TrainingStage): boolean {
  return stage === 'ppo' || stage === 'grpo';
}

export function isPeft(method: TuningMethod): boolean {
  return method === 'lora' || method === 'qlora' || method === 'oft';
}
