/**
 * How much evidence names a framework (measured on LLaMA-Factory's and Axolotl's example
 * configs and on Firefly / plain TrainingArguments files; see docs/config-findings.md):
 * at least MIN_DISTINCTIVE keys only that framework accepts, twice as many as any other
 * framework's and MIN_DISTINCTIVE more, and more than the keys it would refuse. The detection is strong when no other
 * framework has keys in the file (or STRONG_RATIO times fewer: one TRL key in a full
 * LLaMA-Factory config is a misplaced key, not doubt about the file) and refused keys are at
 * most half the framework's own.
 */
export const MIN_DISTINCTIVE = 2;
export const STRONG_DISTINCTIVE = 2;
export const STRONG_RATIO = 4;

/** A file whose keys are mostly TrainingArguments keys is a script's own arguments file. */
export const HF_ONLY_EVIDENCE_SHARE = 0.6;

/**
 * …and so is one where fewer than 4 framework keys sit among over five times as many
 * TrainingArguments keys (Firefly: lora_rank and use_unsloth among 20).
 */
export const HF_DROWNING_RATIO = 5;
