/**
 * Which training algorithm a run is, so alerts know what is normal: a zero loss is a broken SFT
 * run but an ordinary GRPO one; a loss at ln 2 means a stuck DPO run but nothing for ORPO; the
 * KL of PPO starts near 0 while KTO's `kl` is another quantity altogether.
 */
export type Algorithm = 'sft' | 'dpo' | 'orpo' | 'kto' | 'simpo' | 'ppo' | 'grpo' | 'rm';

export const PREFERENCE: ReadonlySet<Algorithm> = new Set(['dpo', 'orpo', 'kto', 'simpo']);

const text = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/**
 * From a config's keys: LLaMA-Factory's `stage` (with `pref_loss` for DPO-stage variants) or
 * Axolotl's `rl`. Undefined when the config does not say (TRL scripts): then the metrics decide.
 */
export function algorithmOf(values: Readonly<Record<string, unknown>>): Algorithm | undefined {
  const rl = text(values.rl);
  if (rl === 'grpo' || rl === 'gdpo') return 'grpo';
  if (rl === 'orpo' || rl === 'kto' || rl === 'simpo') return rl;
  if (rl === 'dpo' || rl === 'ipo') return rl === 'ipo' ? 'simpo' : 'dpo';
  const stage = text(values.stage);
  if (stage === 'sft' || stage === 'pt') return 'sft';
  if (stage === 'rm') return 'rm';
  if (stage === 'ppo') return 'ppo';
  if (stage === 'grpo') return 'grpo';
  if (stage === 'kto') return 'kto';
  if (stage === 'dpo') {
    const loss = text(values.pref_loss);
    if (loss === 'orpo') return 'orpo';
    // Only the sigmoid (standard DPO) loss starts at ln 2; SimPO, IPO, hinge… start elsewhere.
    return loss === '' || loss === 'sigmoid' ? 'dpo' : 'simpo';
  }
  return undefined;
}

/** GRPO's own metrics (TRL): a run logging them is GRPO whatever its config said. */
const GRPO_METRICS = ['frac_reward_zero_std', 'clipped_ratio', 'reward_std'];
/** PPO's (TRL ≥ 0.12 and legacy): the KL penalty, scores, value loss, approximate KL, KL coefficient. */
const PPO_METRICS = ['kl_penalty', 'score', 'value_loss', 'approx_kl', 'kl_coef'];
const PREFERENCE_METRICS = ['reward_margin', 'reward_accuracy', 'reward_chosen', 'reward_rejected'];

/** The algorithm a point's metrics show, if they show one. */
export function algorithmFromMetrics(values: Readonly<Record<string, number>>): Algorithm | undefined {
  if (GRPO_METRICS.some((m) => m in values)) return 'grpo';
  if (PPO_METRICS.some((m) => m in values)) return 'ppo';
  if (PREFERENCE_METRICS.some((m) => m in values)) return 'dpo';
  return undefined;
}
