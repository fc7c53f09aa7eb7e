import { msg } from '../../../shared/messageTemplate';
import type { ConfigFindingCode } from '../../../shared/findings';
import type { Settings } from '../../settings/settings';
import { numberLiteral } from '../editing/configEdits';
import type { ConfigKind } from '../kinds/configKind';
import { KL_COEFFICIENT_KEYS } from './ppoFacts';
import { ATTENTION_TARGETS } from './loraFacts';
import { isPpo, PPO_STABLE_ITEMS } from './ppoFacts';
import { formatBillions } from './modelSize';
import { recommendedLearningRate } from './recommendedLearningRate';
import type { TrainingFacts } from './trainingFacts';

/** The recommended value of a key, why, and where the number comes from (for hovers and completion). */
export interface KeyRecommendation {
  value: string;
  /** English templates with `{0}` placeholders, localised by adapters. */
  why: string;
  whyArgs: Array<string | number>;
  source: string;
  /** Settings (without `tunelab.`) that change the number. */
  settings: string[];
  /** The finding codes that check this key. */
  codes: ConfigFindingCode[];
}

export const SOURCES = {
  learningRate: msg('Fine-tuning rules: learning rate by model size (7B 1e-5, 13B 5.4e-6, 70B 1e-6; PPO 1e-6).'),
  ppo: msg('Fine-tuning rules: the PPO stable set from 200+ RLHF runs.'),
  lora: msg('Fine-tuning rules: the measured best LoRA setting for a 7B model.'),
  reward: msg('Fine-tuning rules: reward-model size experiments.'),
};

export function keyRecommendation(key: string, kind: ConfigKind, facts: TrainingFacts, settings: Settings): KeyRecommendation | undefined {
  if (key === 'learning_rate') {
    const lr = recommendedLearningRate(facts, settings);
    if (!lr) return undefined;
    const size = lr.sizeB !== undefined ? formatBillions(lr.sizeB) : '?';
    const why =
      lr.basis === 'rl'
        ? msg('RL fine-tunes a fine-tuned policy: 10–20× smaller than SFT ({0} full-parameter, ×{1} for {2}).')
        : msg('Full-parameter SFT of a {0} model takes {1}; ×{2} for {3}. Larger models need smaller rates; better too small than too large.');
    const args =
      lr.basis === 'rl'
        ? [numberLiteral(settings['config.lr.rl']), lr.multiplier, facts.method]
        : [size, numberLiteral(lr.value / lr.multiplier), lr.multiplier, facts.method];
    return {
      value: numberLiteral(lr.value),
      why,
      whyArgs: args,
      source: SOURCES.learningRate,
      settings: ['config.lr.full7B', 'config.lr.full13B', 'config.lr.full70B', 'config.lr.rl', 'config.lr.peftMultiplier', 'config.modelSizeB'],
      codes: ['lr-too-high', 'lr-too-low'],
    };
  }
  if (KL_COEFFICIENT_KEYS[kind] === key) {
    return {
      value: numberLiteral(settings['config.kl.min']),
      why: msg(
        'Stable range {0}–{1}: 0.01 lets the policy drift into garbled output, 0.2 stops it learning. A schedule that worked: 0.08 for the first 20% of training, 0.05 for the middle 60%, 0.06 for the last 20%.',
      ),
      whyArgs: [settings['config.kl.min'], settings['config.kl.max']],
      source: SOURCES.ppo,
      settings: ['config.kl.min', 'config.kl.max'],
      codes: ['kl-out-of-range'],
    };
  }
  if (isPpo({ kind, facts })) {
    const item = PPO_STABLE_ITEMS.find((i) => i.keys[kind] === key);
    if (item)
      return {
        value: String(Number(settings[item.setting])),
        why: msg('Part of the stable set: stability over throughput.'),
        whyArgs: [],
        source: SOURCES.ppo,
        settings: [item.setting],
        codes: ['ppo-stable-default'],
      };
    if (key === 'max_grad_norm') {
      return {
        value: numberLiteral(settings['config.ppo.maxGradNorm']),
        why: msg('Mandatory for PPO: it prevents the gradient explosions that make RLHF collapse.'),
        whyArgs: [],
        source: SOURCES.ppo,
        settings: ['config.ppo.maxGradNorm'],
        codes: ['max-grad-norm'],
      };
    }
    if (key === 'gradient_accumulation_steps' || key === 'per_device_train_batch_size') {
      return {
        value: `× = ${settings['config.ppo.miniBatchSize']}`,
        why: msg('The PPO mini-batch is per_device_train_batch_size × gradient_accumulation_steps; the stable set uses {0}.'),
        whyArgs: [settings['config.ppo.miniBatchSize']],
        source: SOURCES.ppo,
        settings: ['config.ppo.miniBatchSize'],
        codes: ['ppo-stable-default'],
      };
    }
  }
  const lora = facts.method === 'lora' || facts.method === 'qlora';
  if (lora && (key === 'lora_rank' || key === 'lora_r'))
    return {
      value: String(settings['config.lora.rank']),
      why: msg('LoRA trains about 0.5% of the parameters and reaches about 95% of full fine-tuning quality; rank 64 measured best for 7B.'),
      whyArgs: [],
      source: SOURCES.lora,
      settings: ['config.lora.rank'],
      codes: ['lora-stable-default'],
    };
  if (lora && key === 'lora_alpha')
    return {
      value: String(settings['config.lora.alpha']),
      why: msg('Alpha 16 with rank 64 measured best for 7B (LLaMA-Factory defaults alpha to twice the rank).'),
      whyArgs: [],
      source: SOURCES.lora,
      settings: ['config.lora.alpha'],
      codes: ['lora-stable-default'],
    };
  if (lora && key === 'lora_target_linear' && settings['config.lora.attentionOnly']) {
    return {
      value: 'false',
      why: msg('Adapting only the attention projections measured best for 7B.'),
      whyArgs: [],
      source: SOURCES.lora,
      settings: ['config.lora.attentionOnly'],
      codes: ['lora-stable-default'],
    };
  }
  if (lora && (key === 'lora_target' || key === 'lora_target_modules') && settings['config.lora.attentionOnly']) {
    return {
      value: ATTENTION_TARGETS.join(','),
      why: msg('Adapting only the attention projections measured best for 7B.'),
      whyArgs: [],
      source: SOURCES.lora,
      settings: ['config.lora.attentionOnly'],
      codes: ['lora-stable-default'],
    };
  }
  if ((key === 'reward_model' || key === 'reward_model_path') && facts.policy) {
    return {
      value: `≤ ${formatBillions(facts.policy.billions)}`,
      why: msg(
        "The reward model should be the policy's size or slightly smaller: 70B reward with a 7B policy was very unstable, 13B with 7B still unstable, 7B with 7B best.",
      ),
      whyArgs: [],
      source: SOURCES.reward,
      settings: ['config.rewardModelSizeB'],
      codes: ['reward-model-larger'],
    };
  }
  return undefined;
}

/** A word on keys that look like the PPO KL coefficient but are not, so nobody tunes the wrong one. */
export function notTheKlCoefficient(key: string, kind: ConfigKind): string | undefined {
  if (key === 'beta' && (kind === 'trl-dpo' || kind === 'trl-kto'))
    return msg("This β is the preference temperature, not the PPO KL coefficient: the 0.05–0.08 PPO range does not apply (TRL's default is 0.1).");
  if (key === 'pref_beta' || (key === 'rl_beta' && kind === 'axolotl'))
    return msg('This β is the preference temperature of DPO/KTO/ORPO, not the PPO KL coefficient: the 0.05–0.08 PPO range does not apply.');
  if (key === 'beta' && kind === 'trl-grpo')
    return msg("GRPO's β is its own KL weight (0.0 by default since TRL 0.19, which drops the reference model); the PPO range does not apply.");
  return undefined;
}
