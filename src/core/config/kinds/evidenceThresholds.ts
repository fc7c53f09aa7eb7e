/**
 * How much evidence names a framework (measured on LLaMA-Factory's and Axolotl's example
 * configs and on Firefly / plain TrainingArguments files; see docs/config-findings.md):
 * at least MIN_DISTINCTIVE keys only that framework accepts, twice as many as any other
 * framework's, and more than the keys it would refuse. STRONG_DISTINCTIVE such keys with no
 * rival and at most one refused key make the detection strong.
 */
export const MIN_DISTINCTIVE = 2;
export const STRONG_DISTINCTIVE = 4;

/** A file whose keys are mostly TrainingArguments keys is a script's own arguments file. */
export const HF_ONLY_EVIDENCE_SHARE = 0.6;
