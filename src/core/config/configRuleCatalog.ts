import type { Severity } from '../dataset/findings';
import { msg } from '../dataset/messageTemplate';
import type { ConfigFindingCode } from './configFindings';

/**
 * What each config finding code means: default severity, a title, why it matters and where
 * the number comes from (shown in hovers, SARIF rule metadata and docs/config-findings.md).
 */
export interface ConfigRuleInfo {
  code: ConfigFindingCode;
  defaultSeverity: Severity;
  title: string;
  why: string;
  /** Settings (without `tunelab.`) that tune the rule. */
  settings: readonly string[];
}

export const CONFIG_RULE_CATALOG: Readonly<Record<ConfigFindingCode, ConfigRuleInfo>> = {
  syntax: {
    code: 'syntax',
    defaultSeverity: 'error',
    title: msg('Config cannot be parsed'),
    why: msg('The framework stops before training when its config file is not valid YAML or JSON.'),
    settings: [],
  },
  schema: {
    code: 'schema',
    defaultSeverity: 'error',
    title: msg('Invalid value or missing key'),
    why: msg('A value of the wrong type or outside the allowed set makes the framework fail at launch, or crash later when the value is used.'),
    settings: [],
  },
  'unknown-key': {
    code: 'unknown-key',
    defaultSeverity: 'warning',
    title: msg('Unknown key'),
    why: msg('LLaMA-Factory and TRL refuse keys their argument classes do not define, so a typo stops the run at launch.'),
    settings: [],
  },
  'kl-out-of-range': {
    code: 'kl-out-of-range',
    defaultSeverity: 'warning',
    title: msg('PPO KL coefficient outside the stable range'),
    why: msg('From 200+ PPO runs: 0.05–0.08 is the stable range. At 0.01 the policy drifts and produces garbled output; at 0.2 it learns nothing.'),
    settings: ['config.kl.min', 'config.kl.max'],
  },
  'ppo-adaptive-kl': {
    code: 'ppo-adaptive-kl',
    defaultSeverity: 'info',
    title: msg('LLaMA-Factory PPO uses an adaptive KL controller'),
    why: msg('LLaMA-Factory has no KL coefficient key: TRL\'s adaptive controller starts at 0.2 and steers towards ppo_target (default 6.0), above the stable 0.05–0.08.'),
    settings: [],
  },
  'lr-too-high': {
    code: 'lr-too-high',
    defaultSeverity: 'warning',
    title: msg('Learning rate too high for the model'),
    why: msg('The learning rate should shrink as the model grows (full SFT: 7B 1e-5, 13B 5.4e-6, 70B 1e-6; PPO 1e-6). A blanket 2e-5 often fails to converge; better too small than too large.'),
    settings: ['config.lr.full7B', 'config.lr.full13B', 'config.lr.full70B', 'config.lr.rl', 'config.lr.peftMultiplier', 'config.lr.highFactor', 'config.modelSizeB'],
  },
  'lr-too-low': {
    code: 'lr-too-low',
    defaultSeverity: 'hint',
    title: msg('Learning rate far below the recommendation'),
    why: msg('A learning rate under a tenth of the recommendation mostly wastes compute: the model barely moves.'),
    settings: ['config.lr.lowFactor', 'config.lr.peftMultiplier', 'config.modelSizeB'],
  },
  'ppo-stable-default': {
    code: 'ppo-stable-default',
    defaultSeverity: 'hint',
    title: msg('Differs from the PPO stable set'),
    why: msg('The stable set from 200+ PPO runs: clip ranges 0.2/0.2, max grad norm 0.5, mini-batch 16, 4 PPO epochs, temperature 0.7, top_p 0.9, repetition penalty 1.2.'),
    settings: ['config.ppo.clipRange', 'config.ppo.valueClipRange', 'config.ppo.miniBatchSize', 'config.ppo.epochs', 'config.ppo.temperature', 'config.ppo.topP', 'config.ppo.repetitionPenalty'],
  },
  'lora-stable-default': {
    code: 'lora-stable-default',
    defaultSeverity: 'hint',
    title: msg('Differs from the measured best LoRA setting'),
    why: msg('The measured best LoRA setting for a 7B model: rank 64, alpha 16, attention layers only (q/k/v/o projections).'),
    settings: ['config.lora.rank', 'config.lora.alpha', 'config.lora.attentionOnly'],
  },
  'max-grad-norm': {
    code: 'max-grad-norm',
    defaultSeverity: 'warning',
    title: msg('PPO without a tight gradient clip'),
    why: msg('Max gradient norm 0.5 is mandatory for PPO: it prevents the gradient explosions that make RLHF collapse.'),
    settings: ['config.ppo.maxGradNorm'],
  },
  'reward-model-larger': {
    code: 'reward-model-larger',
    defaultSeverity: 'warning',
    title: msg('Reward model larger than the policy'),
    why: msg('The reward model should match the policy in size, or be slightly smaller: 70B reward with a 7B policy was very unstable, 13B with 7B still unstable, 7B with 7B best.'),
    settings: ['config.modelSizeB', 'config.rewardModelSizeB'],
  },
  'gpu-memory': {
    code: 'gpu-memory',
    defaultSeverity: 'warning',
    title: msg('Does not fit the target GPU'),
    why: msg('A run that needs more GPU memory than the card has stops with an out-of-memory error, often after minutes of loading.'),
    settings: ['config.gpu.memoryGB', 'config.gpu.count'],
  },
  'deprecated-key': {
    code: 'deprecated-key',
    defaultSeverity: 'info',
    title: msg('Deprecated or removed Axolotl setting'),
    why: msg('Axolotl rewrites deprecated settings with a warning and will drop them; removed ones stop the run at launch (shown as errors).'),
    settings: [],
  },
  'too-large': {
    code: 'too-large',
    defaultSeverity: 'warning',
    title: msg('Too large to check as a config'),
    why: msg('Training configs are a few kilobytes; a file this big is generated data, and reading it on every edit would stall the editor, so it is not checked.'),
    settings: [],
  },
  'over-cutoff': {
    code: 'over-cutoff',
    defaultSeverity: 'warning',
    title: msg('Records longer than the sequence limit'),
    why: msg('Counted with the model\'s own tokenizer and chat template: records over cutoff_len (LLaMA-Factory), sequence_len (Axolotl) or max_length (TRL) are silently truncated or dropped, so the model never learns how those answers end. A note only when the tokenizer was not found and the counts are estimates.'),
    settings: ['preflight.tokenizerPath', 'preflight.sampleSize'],
  },
  'tokenizer-missing': {
    code: 'tokenizer-missing',
    defaultSeverity: 'info',
    title: msg('Model tokenizer not found'),
    why: msg('Token counts need the model\'s tokenizer.json, read from the local model folder, the Hugging Face cache or a setting; TuneLab never downloads it, and falls back to a labelled estimate.'),
    settings: ['preflight.tokenizerPath'],
  },
};

export const CONFIG_FINDING_CODES = Object.keys(CONFIG_RULE_CATALOG) as ConfigFindingCode[];
