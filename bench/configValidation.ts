import { keysForKind } from '../src/core/config/catalog/configCatalog';
import { checkConfig } from '../src/core/config/checkConfig';
import { parseYamlConfig } from '../src/core/config/document/parseYamlConfig';
import { defaultSettings } from '../src/core/settings/settings';

/**
 * A realistic 100-line LLaMA-Factory training config: a PPO run on Qwen 7B with section
 * comments, the usual keys, then more keys of the catalogue at their defaults, and one typo and
 * one out-of-range value so every rule has work to do.
 */
export function hundredLineConfig(): string {
  const lines = [
    '### model',
    'model_name_or_path: Qwen/Qwen2.5-7B-Instruct',
    'reward_model: saves/qwen2.5-7b/lora/reward',
    'trust_remote_code: true',
    '',
    '### method',
    'stage: ppo',
    'do_train: true',
    'finetuning_type: lora',
    'lora_rank: 8',
    'lora_target: all',
    '',
    '### dataset',
    'dataset: identity,alpaca_zh_demo',
    'template: qwen',
    'cutoff_len: 2048',
    '',
    '### train',
    'per_device_train_batch_size: 1',
    'gradient_accumulation_steps: 8',
    'learning_rate: 1.0e-4',
    'lr_scheduler_type: cosine',
    'warmup_rato: 0.1',
    '',
    '### everything else, at the defaults',
  ];
  const present = new Set(lines.map((l) => l.split(':')[0]));
  for (const key of keysForKind('llamafactory-train').values()) {
    if (lines.length >= 100) break;
    const value = key.default;
    if (
      present.has(key.name) ||
      key.source === 'megatron' ||
      !(typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && /^[\w./-]+$/.test(value)))
    )
      continue;
    lines.push(`${key.name}: ${String(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A realistic 100-line Axolotl QLoRA config: model, adapter, a dataset entry with its fields,
 * the usual training keys, then more keys of Axolotl's catalogue at their defaults, with one
 * dropped (misspelt) key and one deprecated key so the Axolotl rules have work to do.
 */
export function hundredLineAxolotlConfig(): string {
  const lines = [
    'base_model: Qwen/Qwen2.5-7B-Instruct',
    'load_in_4bit: true',
    'adapter: qlora',
    'lora_r: 32',
    'lora_alpha: 16',
    'lora_dropout: 0.05',
    'lora_target_linear: true',
    '',
    'datasets:',
    '  - path: mlabonne/FineTome-100k',
    '    type: chat_template',
    '    split: train',
    '    field_messages: conversations',
    '    message_property_mappings:',
    '      role: from',
    '      content: value',
    'chat_template: qwen_25',
    'dataset_prepared_path: last_run_prepared',
    'val_set_size: 0.05',
    'output_dir: ./outputs/qwen-qlora',
    '',
    'sequence_len: 4096',
    'sample_packing: true',
    'micro_batch_sise: 2',
    'gradient_accumulation_steps: 8',
    'num_epochs: 2',
    'optimizer: paged_adamw_8bit',
    'lr_scheduler: cosine',
    'learning_rate: 2e-4',
    'bf16: auto',
    'tf32: false',
    'gradient_checkpointing: true',
    'flash_attention: true',
    'warmup_ratio: 0.1',
    '',
    '# everything else, at the defaults',
  ];
  const present = new Set(lines.map((l) => l.split(':')[0]));
  for (const key of keysForKind('axolotl').values()) {
    if (lines.length >= 100) break;
    const value = key.default;
    if (
      present.has(key.name) ||
      key.group !== 'Axolotl' ||
      !(value === null || typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && /^[\w./-]+$/.test(value)))
    )
      continue;
    // Axolotl's examples leave unused keys empty (`eval_steps:`).
    lines.push(value === null ? `${key.name}:` : `${key.name}: ${String(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Cold (first check: catalogue, schema compile) and warm timings of checking the 100-line config. */
export function configValidation(): Record<string, number | Record<string, number>> {
  return { ...timeChecks(hundredLineConfig()), axolotl: timeChecks(hundredLineAxolotlConfig()) };
}

function timeChecks(text: string): Record<string, number> {
  const settings = defaultSettings();
  let t = performance.now();
  const first = checkConfig(text, 'yaml', { settings });
  const coldMs = performance.now() - t;
  const check: number[] = [];
  const parse: number[] = [];
  for (let i = 0; i < 2000; i++) {
    t = performance.now();
    checkConfig(text, 'yaml', { settings });
    check.push(performance.now() - t);
    t = performance.now();
    parseYamlConfig(text);
    parse.push(performance.now() - t);
  }
  check.sort((a, b) => a - b);
  parse.sort((a, b) => a - b);
  return {
    lines: text.split('\n').length - 1,
    findings: first.findings.length,
    coldMs,
    medianMs: percentile(check, 0.5),
    p95Ms: percentile(check, 0.95),
    maxMs: check[check.length - 1],
    parseMedianMs: percentile(parse, 0.5),
  };
}
