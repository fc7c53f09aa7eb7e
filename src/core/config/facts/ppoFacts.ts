import type { SettingKey } from '../../settings/settings';
import type { ConfigKind } from '../kinds/configKind';
import type { TrainingFacts } from './trainingFacts';

/** A stable-set figure and the key that holds it in each framework. */
interface StableItem {
  setting: SettingKey;
  keys: Partial<Record<ConfigKind, string>>;
}

/** The PPO stable set, keyed per framework (the clip ranges are fixed at 0.2 inside LLaMA-Factory). */
export const PPO_STABLE_ITEMS: readonly StableItem[] = [
  { setting: 'config.ppo.clipRange', keys: { 'trl-ppo': 'cliprange', 'trl-ppo-legacy': 'cliprange' } },
  { setting: 'config.ppo.valueClipRange', keys: { 'trl-ppo': 'cliprange_value', 'trl-ppo-legacy': 'cliprange_value' } },
  { setting: 'config.ppo.epochs', keys: { 'llamafactory-train': 'ppo_epochs', 'trl-ppo': 'num_ppo_epochs', 'trl-ppo-legacy': 'ppo_epochs' } },
  { setting: 'config.ppo.miniBatchSize', keys: { 'trl-ppo-legacy': 'mini_batch_size' } },
  { setting: 'config.ppo.temperature', keys: { 'llamafactory-train': 'temperature', 'trl-ppo': 'temperature' } },
  { setting: 'config.ppo.topP', keys: { 'llamafactory-train': 'top_p' } },
  { setting: 'config.ppo.repetitionPenalty', keys: { 'llamafactory-train': 'repetition_penalty' } },
];

/** True for a PPO config: TRL's PPO trainers, or LLaMA-Factory with `stage: ppo`. */
export function isPpo(context: { kind: ConfigKind; facts: Pick<TrainingFacts, 'stage'> }): boolean {
  return context.kind === 'trl-ppo' || context.kind === 'trl-ppo-legacy' || (context.kind === 'llamafactory-train' && context.facts.stage === 'ppo');
}

/**
 * The PPO KL-penalty coefficient belongs in 0.05–0.08. Only the key that really is that
 * coefficient is checked: TRL ≥ 0.12 `kl_coef` (fixed), legacy TRL `init_kl_coef` (the
 * adaptive controller's start, 0.2 by default). DPO/KTO `beta`, LLaMA-Factory `pref_beta` and
 * GRPO `beta` are different quantities and are never held to this range.
 */
export const KL_COEFFICIENT_KEYS: Partial<Record<ConfigKind, string>> = {
  'trl-ppo': 'kl_coef',
  'trl-ppo-legacy': 'init_kl_coef',
};
