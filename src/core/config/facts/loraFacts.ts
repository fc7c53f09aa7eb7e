/** The attention projections LoRA targets in the measured best setting (rank 64, alpha 16, attention only). */
export const ATTENTION_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj'];
