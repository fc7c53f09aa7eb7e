/**
 * A metric point: the values one log line carried, where it stands in training, and where it
 * came from. Metric names are canonical (`loss`, `learning_rate`, `kl`, `reward`…) whatever the
 * trainer called them, so charts and alerts read one vocabulary.
 */
export interface MetricPoint {
  step?: number;
  epoch?: number;
  /** Seconds since the job started, when the line says (LLaMA-Factory's elapsed_time). */
  elapsed?: number;
  values: Record<string, number>;
  source: 'trainer-log' | 'stdout';
}

/** Progress and ETA, from trainer_log.jsonl or tqdm bars. */
export interface Progress {
  current: number;
  total: number;
  /** Seconds. */
  elapsed?: number;
  remaining?: number;
}

/**
 * The Trainer's end-of-run summary (`{'train_runtime': …, 'train_samples_per_second': …,
 * 'train_loss': …}`): the whole run's figures, not a point. `train_loss` is the mean over the
 * run, so drawing it as the last loss would end the curve at a value the run never logged.
 */
export interface RunSummary {
  /** Seconds. */
  runtime?: number;
  samplesPerSecond?: number;
  stepsPerSecond?: number;
  /** Mean training loss over the run. */
  meanLoss?: number;
  epoch?: number;
}

const SUMMARY_KEYS: Readonly<Record<string, keyof RunSummary>> = {
  train_runtime: 'runtime',
  train_samples_per_second: 'samplesPerSecond',
  train_steps_per_second: 'stepsPerSecond',
  train_loss: 'meanLoss',
  epoch: 'epoch',
};

/** The summary a dict is, or undefined when it is an ordinary log dict (it has no `train_runtime`). */
export function runSummaryOf(fields: Readonly<Record<string, unknown>>): RunSummary | undefined {
  if (!('train_runtime' in fields)) return undefined;
  const summary: RunSummary = {};
  for (const [key, name] of Object.entries(SUMMARY_KEYS)) {
    const value = numberFrom(fields[key]);
    if (value !== undefined) summary[name] = value;
  }
  return summary;
}

/**
 * Trainer keys → canonical names. LLaMA-Factory (`lr` in newer, `learning_rate` in older logs),
 * Hugging Face Trainer, TRL ≥ 0.12 PPO (`objective/…`, `loss/…`), legacy TRL PPO (`ppo/…`,
 * `env/…`, `objective/…`), DPO/KTO (`rewards/…`), GRPO (`kl`, `reward`).
 */
const ALIASES: Readonly<Record<string, string>> = {
  lr: 'learning_rate',
  learning_rate: 'learning_rate',
  loss: 'loss',
  train_loss: 'loss',
  eval_loss: 'eval_loss',
  predict_loss: 'predict_loss',
  grad_norm: 'grad_norm',
  accuracy: 'accuracy',
  kl: 'kl',
  'objective/kl': 'kl',
  'ppo/mean_non_score_reward': 'kl_penalty',
  'objective/non_score_reward': 'kl_penalty',
  reward: 'reward',
  'objective/rlhf_reward': 'reward',
  'objective/scores': 'score',
  'env/reward_mean': 'reward',
  'ppo/mean_scores': 'reward',
  reward_std: 'reward_std',
  'rewards/chosen': 'reward_chosen',
  'rewards/rejected': 'reward_rejected',
  'rewards/margins': 'reward_margin',
  'rewards/accuracies': 'reward_accuracy',
  'loss/policy_avg': 'policy_loss',
  'loss/value_avg': 'value_loss',
  'ppo/loss/policy': 'policy_loss',
  'ppo/loss/value': 'value_loss',
  'ppo/loss/total': 'loss',
  'ppo/policy/entropy': 'entropy',
  'objective/entropy': 'entropy',
  entropy: 'entropy',
  'ppo/policy/approxkl': 'approx_kl',
  'policy/approxkl_avg': 'approx_kl',
  'ppo/learning_rate': 'learning_rate',
  completion_length: 'completion_length',
  'completions/mean_length': 'completion_length',
  'completions/clipped_ratio': 'clipped_ratio',
  'objective/kl_coef': 'kl_coef',
  'ppo/kl_coef': 'kl_coef',
};

/** Keys that place a point rather than measure something. */
const POSITION_KEYS = new Set([
  'epoch',
  'step',
  'global_step',
  'current_steps',
  'total_steps',
  'percentage',
  'elapsed_time',
  'remaining_time',
  'throughput',
  'total_tokens',
  'episode',
]);

export function canonicalName(key: string): string | undefined {
  if (POSITION_KEYS.has(key)) return undefined;
  if (Object.prototype.hasOwnProperty.call(ALIASES, key)) return ALIASES[key];
  // Other metrics keep their name (`eval_accuracy`, `train_runtime`, `rewards/…` variants).
  return key;
}

/** A number from a log value: numbers, numeric strings ("0.00"), nan/inf spelled any usual way. */
export function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'nan') return NaN;
  if (text === 'inf' || text === '+inf' || text === 'infinity') return Infinity;
  if (text === '-inf' || text === '-infinity') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** "0:08:29", "5:39:46", "3 days, 17:51:32" → seconds. */
export function durationSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
