import type { ConfigCheck } from '../../../../src/core/config/checkConfig';
import { checkConfig } from '../../../../src/core/config/checkConfig';
import type { ConfigEdit, ConfigFinding } from '../../../../src/core/config/configFindings';
import type { ConfigFindingCode } from '../../../../src/shared/findings';
import type { ConfigKind } from '../../../../src/core/config/kinds/configKind';
import type { Settings } from '../../../../src/core/settings/settings';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { formatMessage } from '../../../../src/shared/format';

export function check(text: string, options: { format?: 'yaml' | 'json'; settings?: Partial<Settings>; kind?: ConfigKind | 'none' } = {}): ConfigCheck {
  const settings = { ...defaultSettings(), ...options.settings } as Settings;
  return checkConfig(text, options.format ?? 'yaml', { settings, kindOverride: options.kind });
}

export function findingsOf(text: string, code: ConfigFindingCode, options: Parameters<typeof check>[1] = {}): ConfigFinding[] {
  return check(text, options).findings.filter((f) => f.code === code);
}

export function messageOf(finding: ConfigFinding): string {
  return formatMessage(finding.message, ...finding.args);
}

/** Applies edits (non-overlapping) to the text, as an editor would. */
export function applyEdits(text: string, edits: readonly ConfigEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
  const sorted = [...edits].sort((a, b) => offset(b.range.start.line, b.range.start.column) - offset(a.range.start.line, a.range.start.column));
  let out = text;
  for (const edit of sorted) {
    const start = offset(edit.range.start.line, edit.range.start.column);
    const end = offset(edit.range.end.line, edit.range.end.column);
    out = out.slice(0, start) + edit.newText + out.slice(end);
  }
  return out;
}

/** The text a range covers. */
export function textAt(text: string, range: ConfigFinding['range']): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
  return text.slice(offset(range.start.line, range.start.column), offset(range.end.line, range.end.column));
}

/** A LLaMA-Factory LoRA SFT config on a 7B model that no rule objects to, to vary in tests. */
export const CLEAN_LORA_SFT = `### model
model_name_or_path: Qwen/Qwen2.5-7B-Instruct

### method
stage: sft
do_train: true
finetuning_type: lora
lora_rank: 64
lora_alpha: 16
lora_target: q_proj,k_proj,v_proj,o_proj

### dataset
dataset: alpaca_zh_demo
template: qwen
cutoff_len: 2048

### train
output_dir: saves/qwen2.5-7b/lora/sft
per_device_train_batch_size: 1
gradient_accumulation_steps: 8
learning_rate: 1.0e-4
num_train_epochs: 3.0
bf16: true
`;

/** LLaMA-Factory PPO with the stable set applied. */
export const STABLE_PPO = `model_name_or_path: Qwen/Qwen2.5-7B-Instruct
reward_model: saves/qwen2.5-7b/lora/reward
stage: ppo
do_train: true
finetuning_type: lora
lora_rank: 64
lora_alpha: 16
lora_target: q_proj,k_proj,v_proj,o_proj
dataset: identity
template: qwen
output_dir: saves/qwen2.5-7b/lora/ppo
per_device_train_batch_size: 2
gradient_accumulation_steps: 8
learning_rate: 1.0e-5
max_grad_norm: 0.5
ppo_epochs: 4
temperature: 0.7
top_p: 0.9
repetition_penalty: 1.2
`;

/** TRL ≥ 0.12 PPO with the stable set. */
export const STABLE_TRL_PPO = `model_name_or_path: Qwen/Qwen2.5-7B-Instruct
sft_model_path: Qwen/Qwen2.5-7B-Instruct
reward_model_path: my-org/qwen2.5-7b-reward
dataset_name: trl-internal-testing/descriptiveness-sentiment-trl-style
learning_rate: 1.0e-6
kl_coef: 0.05
cliprange: 0.2
cliprange_value: 0.2
num_ppo_epochs: 4
per_device_train_batch_size: 4
gradient_accumulation_steps: 4
temperature: 0.7
max_grad_norm: 0.5
output_dir: models/ppo
`;
