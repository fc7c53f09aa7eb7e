import { msg } from '../../dataset/messageTemplate';

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
  | 'trl-reward';

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
];

/** Files recognised as something else, which are left alone. */
export type OtherConfig = 'accelerate' | 'deepspeed' | 'llamafactory-v1' | 'token-map' | 'unknown';

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
};

export const OTHER_LABELS: Readonly<Record<OtherConfig, string>> = {
  accelerate: msg('Accelerate config'),
  deepspeed: msg('DeepSpeed config'),
  'llamafactory-v1': msg('LLaMA-Factory v1 config'),
  'token-map': msg('special-token map'),
  unknown: msg('not a training config'),
};

export function isConfigKind(value: unknown): value is ConfigKind {
  return typeof value === 'string' && (CONFIG_KINDS as readonly string[]).includes(value);
}

export function isLlamaFactory(kind: ConfigKind): boolean {
  return kind.startsWith('llamafactory-');
}

/** The schema file for a kind, in schemas/. */
export function schemaFileName(kind: ConfigKind): string {
  return `${kind}.schema.json`;
}
