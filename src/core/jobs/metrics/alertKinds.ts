/** The alerts a followed run can raise, shared by the detector (alerts.ts) and the RL rules (rlAlerts.ts). */
export type AlertKind =
  | 'non-finite-loss'
  | 'zero-loss'
  | 'grad-norm-spike'
  | 'loss-spike'
  | 'kl-negative'
  | 'kl-runaway'
  | 'reward-hacking'
  | 'dpo-stuck'
  | 'margins-negative'
  | 'preference-not-learning'
  | 'chosen-falling'
  | 'grpo-no-signal'
  | 'grpo-clipped'
  | 'grpo-reward-std-collapse';

export interface TrainingAlert {
  kind: AlertKind;
  /** `info` explains something that looks wrong but is normal; it never notifies. */
  severity: 'warning' | 'info';
  /** Index of the point in the series that raised it. */
  index: number;
  step?: number;
  /** English template with `{0}` placeholders: what happened, why, and what to do. */
  message: string;
  args: Array<string | number>;
}

/** What a rule may raise: one alert of a kind per episode (see AlertDetector). */
export type Raise = (kind: AlertKind, message: string, args: Array<string | number>, severity?: TrainingAlert['severity']) => void;
