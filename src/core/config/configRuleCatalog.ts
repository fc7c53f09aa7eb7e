import type { ConfigFindingCode, Severity } from '../../shared/findings';
import { msg } from '../../shared/messageTemplate';

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
  'unknown-dataset': {
    code: 'unknown-dataset',
    defaultSeverity: 'error',
    title: msg('Dataset not in dataset_info.json'),
    why: msg('LLaMA-Factory looks every name of dataset and eval_dataset up in dataset_info.json of dataset_dir and stops with "Undefined dataset" when one is missing.'),
    settings: [],
  },
  'data-file-missing': {
    code: 'data-file-missing',
    defaultSeverity: 'error',
    title: msg('Data file not found'),
    why: msg('LLaMA-Factory reads file_name relative to dataset_dir and stops with "File not found" when it is not there.'),
    settings: [],
  },
  'stage-data-mismatch': {
    code: 'stage-data-mismatch',
    defaultSeverity: 'error',
    title: msg('The stage does not fit the data'),
    why: msg('LLaMA-Factory refuses datasets without ranking: true in the rm and dpo stages and ranking datasets in every other stage ("The dataset is not applicable in the current training stage"); KTO without a kto_tag column and pre-training on conversations train on something else than intended (warnings).'),
    settings: [],
  },
  'template-mismatch': {
    code: 'template-mismatch',
    defaultSeverity: 'warning',
    title: msg('Chat template of another model family'),
    why: msg('A template of another family formats turns with tokens the model never saw and ends answers with an end-of-turn token it does not produce, so the fine-tuned model does not stop.'),
    settings: [],
  },
  'mixed-file-types': {
    code: 'mixed-file-types',
    defaultSeverity: 'error',
    title: msg('Files of one dataset have different types'),
    why: msg('When file_name is a folder, LLaMA-Factory loads every file in it and stops with "File types should be identical" when their extensions differ.'),
    settings: [],
  },
  'formatting-mismatch': {
    code: 'formatting-mismatch',
    defaultSeverity: 'warning',
    title: msg('formatting does not match the data'),
    why: msg('An alpaca entry over conversation records (or the other way round) makes LLaMA-Factory read empty prompts or fail on a missing column: "Cannot find valid samples".'),
    settings: [],
  },
  'column-missing': {
    code: 'column-missing',
    defaultSeverity: 'warning',
    title: msg('Column not in the data'),
    why: msg('A column named in dataset_info.json (or its default) that the records do not have is read as missing: LLaMA-Factory stops on it or drops every record.'),
    settings: [],
  },
  'tags-mismatch': {
    code: 'tags-mismatch',
    defaultSeverity: 'warning',
    title: msg('Role tags do not match the messages'),
    why: msg('LLaMA-Factory reads each message\'s role and content with role_tag and content_tag and accepts only the configured role values; a mismatch skips every record ("Invalid role tag").'),
    settings: [],
  },
  'ranking-mismatch': {
    code: 'ranking-mismatch',
    defaultSeverity: 'warning',
    title: msg('ranking does not match the data'),
    why: msg('Records with chosen and rejected answers under an entry without ranking: true are read as plain SFT data, and the preference pairs are ignored.'),
    settings: [],
  },
  'unused-dataset': {
    code: 'unused-dataset',
    defaultSeverity: 'info',
    title: msg('No config uses this dataset'),
    why: msg('An entry that no config of the project names is not trained on; a typo in a config\'s dataset name often shows up here too.'),
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
