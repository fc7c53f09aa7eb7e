import { msg } from '../../../shared/messageTemplate';

/**
 * The config kinds TuneLab checks. LLaMA-Factory parses a different set of argument classes
 * for each command (train, chat/infer, export, eval) and refuses keys outside it; TRL's
 * trainers each have their own config class on top of TrainingArguments.
 */
export type ConfigKind =
  | 'llamafactory-train'
  | 'llamafactory-infer'
  | 'llamafactory-export'
  | 'llamafactory-eval'
  | 'trl-sft'
  | 'trl-dpo'
  | 'trl-kto'
  | 'trl-grpo'
  | 'trl-ppo'
  | 'trl-ppo-legacy'
  | 'trl-reward'
  | 'axolotl';

export const CONFIG_KINDS: readonly ConfigKind[] = [
  'llamafactory-train',
  'llamafactory-infer',
  'llamafactory-export',
  'llamafactory-eval',
  'trl-sft',
  'trl-dpo',
  'trl-kto',
  'trl-grpo',
  'trl-ppo',
  'trl-ppo-legacy',
  'trl-reward',
  'axolotl',
];

/**
 * Files recognised as something else, which are left alone: other tools' formats by name,
 * `unrecognised` for a file with some training keys but too few to name a framework, and
 * `unknown` for a file with none (not a training config).
 */
export type OtherConfig =
  | 'accelerate'
  | 'deepspeed'
  | 'fsdp'
  | 'llamafactory-v1'
  | 'llamaboard'
  | 'hf-training-args'
  | 'firefly'
  | 'ms-swift'
  | 'hydra'
  | 'axolotl-cloud'
  | 'token-map'
  | 'unrecognised'
  | 'unknown';

/** The frameworks behind the kinds, for evidence. */
export type ConfigFramework = 'llamafactory' | 'trl' | 'axolotl';

export const FRAMEWORK_LABELS: Readonly<Record<ConfigFramework, string>> = {
  llamafactory: 'LLaMA-Factory',
  trl: 'TRL',
  axolotl: 'Axolotl',
};

export function frameworkOf(kind: ConfigKind): ConfigFramework {
  return kind === 'axolotl' ? 'axolotl' : kind.startsWith('llamafactory-') ? 'llamafactory' : 'trl';
}

export const KIND_LABELS: Readonly<Record<ConfigKind, string>> = {
  'llamafactory-train': msg('LLaMA-Factory training'),
  'llamafactory-infer': msg('LLaMA-Factory inference'),
  'llamafactory-export': msg('LLaMA-Factory export / merge'),
  'llamafactory-eval': msg('LLaMA-Factory evaluation'),
  'trl-sft': msg('TRL SFT'),
  'trl-dpo': msg('TRL DPO'),
  'trl-kto': msg('TRL KTO'),
  'trl-grpo': msg('TRL GRPO'),
  'trl-ppo': msg('TRL PPO (0.12 and later)'),
  'trl-ppo-legacy': msg('TRL PPO (0.11 and earlier)'),
  'trl-reward': msg('TRL reward model'),
  axolotl: msg('Axolotl'),
};

export const OTHER_LABELS: Readonly<Record<OtherConfig, string>> = {
  accelerate: msg('Accelerate config'),
  deepspeed: msg('DeepSpeed config'),
  fsdp: msg('FSDP config'),
  'llamafactory-v1': msg('LLaMA-Factory v1 config'),
  llamaboard: msg('LlamaBoard saved settings'),
  'hf-training-args': msg('Hugging Face TrainingArguments'),
  firefly: msg('Firefly training arguments'),
  'ms-swift': msg('ms-swift config'),
  hydra: msg('Hydra config (verl, OpenRLHF)'),
  'axolotl-cloud': msg('Axolotl cloud launcher config'),
  'token-map': msg('special-token map'),
  unrecognised: msg('config kind not recognised'),
  unknown: msg('not a training config'),
};

export function isConfigKind(value: unknown): value is ConfigKind {
  return typeof value === 'string' && (CONFIG_KINDS as readonly string[]).includes(value);
}

/** The schema file for a kind, in schemas/. */
export function schemaFileName(kind: ConfigKind): string {
  return `${kind}.schema.json`;
}
