import type { ConfigKind } from '../kinds/configKind';

/**
 * Keys a framework refuses to start without, as required keys and per-stage conditionals
 * (LLaMA-Factory's PPO stage needs a reward model; export needs a target folder). TRL's CLI
 * can take the model on the command line, so TRL kinds require nothing.
 */
export interface ConditionalRequirement {
  /** The key whose value triggers the requirement; missing-key findings are placed on it. */
  when: { key: string; equals: string | number | boolean };
  require: string[];
}

export const REQUIRED_KEYS: Readonly<Record<ConfigKind, readonly string[]>> = {
  'llamafactory-train': ['model_name_or_path'],
  'llamafactory-infer': ['model_name_or_path'],
  'llamafactory-export': ['model_name_or_path', 'export_dir'],
  'llamafactory-eval': ['model_name_or_path', 'task'],
  'trl-sft': [],
  'trl-dpo': [],
  'trl-kto': [],
  'trl-grpo': [],
  'trl-ppo': [],
  'trl-ppo-legacy': [],
  'trl-reward': [],
  // Axolotl's pydantic model has no default for these two.
  axolotl: ['base_model', 'learning_rate'],
};

export const CONDITIONAL_REQUIREMENTS: Readonly<Partial<Record<ConfigKind, readonly ConditionalRequirement[]>>> = {
  'llamafactory-train': [{ when: { key: 'stage', equals: 'ppo' }, require: ['reward_model'] }],
};
