import type { Range, Severity } from '../dataset/findings';

/** Stable codes the CLI prints and settings refer to. */
export type ConfigFindingCode =
  | 'syntax'
  | 'schema'
  | 'unknown-key'
  | 'kl-out-of-range'
  | 'ppo-adaptive-kl'
  | 'lr-too-high'
  | 'lr-too-low'
  | 'ppo-stable-default'
  | 'lora-stable-default'
  | 'max-grad-norm'
  | 'reward-model-larger'
  | 'gpu-memory'
  | 'deprecated-key'
  | 'too-large'
  | 'over-cutoff'
  | 'tokenizer-missing';

/** A text edit computed by the core, so quick fixes only apply it. */
export interface ConfigEdit {
  range: Range;
  newText: string;
}

export interface ConfigFix {
  /** English template with `{0}` placeholders. */
  title: string;
  args: Array<string | number>;
  edits: ConfigEdit[];
  /** The fix a user most likely wants (shown first, applied by "auto fix"). */
  preferred?: boolean;
}

export interface ConfigFindingData {
  /** The top-level key the finding is about. */
  key?: string;
  /** The value as measured and the figure it was held against, for hovers. */
  measured?: number | string;
  recommended?: number | string;
  fixes?: ConfigFix[];
}

export interface ConfigFinding {
  code: ConfigFindingCode;
  severity: Severity;
  range: Range;
  message: string;
  args: Array<string | number>;
  data: ConfigFindingData;
}
