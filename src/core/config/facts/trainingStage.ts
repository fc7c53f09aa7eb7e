/** What a training config does (its stage) and how it tunes the weights (its method), framework-neutral. */
export type TrainingStage = 'pt' | 'sft' | 'rm' | 'ppo' | 'dpo' | 'kto' | 'grpo' | 'none';
export type TuningMethod = 'full' | 'lora' | 'qlora' | 'oft' | 'freeze';
