import { msg } from '../../dataset/messageTemplate';
import type { ConfigFinding } from '../configFindings';
import { addKeyEdit, setValueEdit, valueLiteral } from '../edits/configEdits';
import type { ConfigRule, ConfigRuleContext } from './configRule';
import { anchorEntry, anchorRange, configFinding, entryOf, entryRange } from './configRule';

/** LoRA keys per framework. */
const KEYS = {
  llamafactory: { rank: 'lora_rank', alpha: 'lora_alpha', targets: 'lora_target' },
  trl: { rank: 'lora_r', alpha: 'lora_alpha', targets: 'lora_target_modules' },
} as const;

/** Attention projections of LLaMA/Qwen/Mistral-style models. */
export const ATTENTION_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj'];
const ATTENTION_NAMES = new Set([...ATTENTION_TARGETS, 'query_key_value', 'qkv_proj', 'c_attn', 'Wqkv', 'query', 'key', 'value', 'dense', 'out_proj']);

/**
 * Hints where a LoRA config differs from the measured best setting for a 7B model: rank 64,
 * alpha 16, attention projections only. Only for LoRA/QLoRA runs (LLaMA-Factory
 * `finetuning_type: lora`, TRL `use_peft: true`).
 */
export const loraStableDefaultsRule: ConfigRule = {
  codes: ['lora-stable-default'],
  check(context) {
    const { method, framework } = context.facts;
    if (method !== 'lora' && method !== 'qlora') return [];
    if (context.facts.stage === 'none') return [];
    const keys = KEYS[framework];
    const findings: ConfigFinding[] = [];
    const rank = context.settings['config.lora.rank'];
    const alpha = context.settings['config.lora.alpha'];
    const rankValue = context.facts.valueOf(keys.rank);
    if (typeof rankValue === 'number' && rankValue !== rank) findings.push(numberHint(context, keys.rank, rankValue, rank));
    const alphaValue = context.facts.valueOf(keys.alpha);
    // LLaMA-Factory's alpha defaults to twice the rank.
    const effectiveAlpha = typeof alphaValue === 'number' ? alphaValue : typeof rankValue === 'number' ? rankValue * 2 : undefined;
    if (effectiveAlpha !== undefined && effectiveAlpha !== alpha) findings.push(numberHint(context, keys.alpha, effectiveAlpha, alpha));
    // TRL without target modules lets PEFT choose, which is q_proj/v_proj for LLaMA/Qwen models.
    const targetValue = context.facts.valueOf(keys.targets);
    const peftChooses = framework === 'trl' && (targetValue === null || targetValue === undefined);
    if (context.settings['config.lora.attentionOnly'] && !peftChooses) {
      const targets = targetList(targetValue);
      if (!targets.length || !targets.every((t) => ATTENTION_NAMES.has(t))) findings.push(targetHint(context, keys.targets, targets));
    }
    return findings;
  },
};

function numberHint(context: ConfigRuleContext, key: string, value: number, stable: number): ConfigFinding {
  const entry = entryOf(context, key);
  const literal = String(stable);
  const edit = entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, key, literal, anchorEntry(context, 'finetuning_type', 'use_peft'));
  const message = entry ? msg('{0} is {1}; the measured best LoRA setting for a 7B model uses {2}.') : msg('{0} is not set and defaults to {1}; the measured best LoRA setting for a 7B model uses {2}.');
  return configFinding('lora-stable-default', entry ? entryRange(entry) : anchorRange(context, 'finetuning_type', 'use_peft'), message, [key, value, stable], {
    key,
    measured: value,
    recommended: stable,
    fixes: [{ title: msg('Set {0} to {1}'), args: [key, literal], edits: [edit] }],
  });
}

function targetHint(context: ConfigRuleContext, key: string, targets: string[]): ConfigFinding {
  const entry = entryOf(context, key);
  const attention = ATTENTION_TARGETS.join(',');
  const literal = context.facts.framework === 'llamafactory' ? valueLiteral(context.document, attention) : context.document.format === 'json' ? JSON.stringify(ATTENTION_TARGETS) : `[${ATTENTION_TARGETS.join(', ')}]`;
  const edit = entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, key, literal, anchorEntry(context, 'finetuning_type', 'use_peft'));
  const shown = targets.length ? targets.join(',') : 'all';
  return configFinding('lora-stable-default', entry ? entryRange(entry) : anchorRange(context, 'finetuning_type', 'use_peft'), msg('LoRA targets {0}; the measured best setting adapts the attention projections only ({1}).'), [shown, attention], {
    key,
    measured: shown,
    recommended: attention,
    fixes: [{ title: msg('Target the attention projections ({0})'), args: [attention], edits: [edit] }],
  });
}

function targetList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  if (typeof value !== 'string') return [];
  if (value === 'all' || value === 'all-linear') return [];
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}
