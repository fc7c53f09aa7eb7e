import { msg } from '../../../shared/messageTemplate';
import type { ConfigFinding } from '../configFindings';
import { addKeyEdit, setValueEdit, valueLiteral } from '../editing/configEdits';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { anchorEntry, anchorRange, configFinding, entryOf, entryRange } from './configRule';
import { ATTENTION_TARGETS } from '../facts/loraFacts';
import { formatBillions } from '../facts/modelSize';

/** Attention projections of LLaMA/Qwen/Mistral-style models. */
const ATTENTION_NAMES = new Set([...ATTENTION_TARGETS, 'query_key_value', 'qkv_proj', 'c_attn', 'Wqkv', 'query', 'key', 'value', 'dense', 'out_proj']);

/**
 * Hints where a LoRA config differs from the measured best setting for a 7B model: rank 64,
 * alpha 16, attention projections only. Only for LoRA/QLoRA runs (LLaMA-Factory
 * `finetuning_type: lora`, TRL `use_peft: true`).
 */
export const loraStableDefaultsRule = defineConfigRule({
  info: [
    {
      code: 'lora-stable-default',
      defaultSeverity: 'hint',
      title: msg('Differs from the measured best LoRA setting'),
      why: msg('The measured best LoRA setting for a 7B model: rank 64, alpha 16, attention layers only (q/k/v/o projections).'),
      settings: ['config.lora.rank', 'config.lora.alpha', 'config.lora.attentionOnly'],
    },
  ],
  check(context) {
    const { method, framework, keys } = context.facts;
    if (method !== 'lora' && method !== 'qlora') return [];
    if (context.facts.stage === 'none') return [];
    const findings: ConfigFinding[] = [];
    const rank = context.settings['config.lora.rank'];
    const alpha = context.settings['config.lora.alpha'];
    const rankValue = context.facts.valueOf(keys.loraRank);
    if (typeof rankValue === 'number' && rankValue !== rank) findings.push(numberHint(context, keys.loraRank, rankValue, rank));
    const alphaValue = context.facts.valueOf(keys.loraAlpha);
    // LLaMA-Factory's alpha defaults to twice the rank; elsewhere an unset alpha is PEFT's business.
    const effectiveAlpha =
      typeof alphaValue === 'number' ? alphaValue : framework === 'llamafactory' && typeof rankValue === 'number' ? rankValue * 2 : undefined;
    if (effectiveAlpha !== undefined && effectiveAlpha !== alpha) findings.push(numberHint(context, keys.loraAlpha, effectiveAlpha, alpha));
    if (!context.settings['config.lora.attentionOnly']) return findings;
    // Axolotl's `lora_target_linear: true` adapts every linear layer, whatever the list says.
    if (framework === 'axolotl' && context.facts.valueOf('lora_target_linear') === true) {
      findings.push(targetHint(context, 'lora_target_linear', ['all-linear']));
      return findings;
    }
    // Without target modules TRL and Axolotl let PEFT choose, which is q_proj/v_proj for LLaMA/Qwen models.
    const targetValue = context.facts.valueOf(keys.loraTargets);
    const peftChooses = framework !== 'llamafactory' && (targetValue === null || targetValue === undefined);
    if (!peftChooses) {
      const targets = targetList(targetValue);
      if (!targets.length || !targets.every((t) => ATTENTION_NAMES.has(t))) findings.push(targetHint(context, keys.loraTargets, targets));
    }
    return findings;
  },
});

/** Where a hint about an absent LoRA key goes: the key that turns LoRA on. */
const LORA_ANCHORS = ['finetuning_type', 'use_peft', 'adapter'];

function numberHint(context: ConfigRuleContext, key: string, value: number, stable: number): ConfigFinding {
  const entry = entryOf(context, key);
  const literal = String(stable);
  const edit = entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, key, literal, anchorEntry(context, ...LORA_ANCHORS));
  // The model's own size when known: the figure was measured at 7B and is a starting point elsewhere.
  const billions = context.facts.policy?.billions;
  const size = billions !== undefined && Math.abs(billions - 7) > 0.5 ? formatBillions(billions) : undefined;
  const message = size
    ? entry
      ? msg('{0} is {1}; for this {3} model, start from {2} (the measured best LoRA setting, from 7B runs).')
      : msg('{0} is not set and defaults to {1}; for this {3} model, start from {2} (the measured best LoRA setting, from 7B runs).')
    : entry
      ? msg('{0} is {1}; the measured best LoRA setting for a 7B model uses {2}.')
      : msg('{0} is not set and defaults to {1}; the measured best LoRA setting for a 7B model uses {2}.');
  return configFinding(
    'lora-stable-default',
    entry ? entryRange(entry) : anchorRange(context, ...LORA_ANCHORS),
    message,
    size ? [key, value, stable, size] : [key, value, stable],
    {
      key,
      measured: value,
      recommended: stable,
      fixes: [{ title: msg('Set {0} to {1}'), args: [key, literal], edits: [edit] }],
    },
  );
}

function targetHint(context: ConfigRuleContext, key: string, targets: string[]): ConfigFinding {
  const entry = entryOf(context, key);
  const attention = ATTENTION_TARGETS.join(',');
  const literal =
    context.facts.framework === 'llamafactory'
      ? valueLiteral(context.document, attention)
      : context.document.format === 'json'
        ? JSON.stringify(ATTENTION_TARGETS)
        : `[${ATTENTION_TARGETS.join(', ')}]`;
  const edits = [];
  if (key === 'lora_target_linear' && entry) {
    // Axolotl: turn the all-linear switch off and name the attention projections instead.
    edits.push(setValueEdit(entry, 'false'));
    const list = entryOf(context, 'lora_target_modules');
    edits.push(list ? setValueEdit(list, literal) : addKeyEdit(context.document, 'lora_target_modules', literal, entry));
  } else edits.push(entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, key, literal, anchorEntry(context, ...LORA_ANCHORS)));
  const shown = targets.length ? targets.join(',') : 'all';
  return configFinding(
    'lora-stable-default',
    entry ? entryRange(entry) : anchorRange(context, ...LORA_ANCHORS),
    msg('{2}: LoRA targets {0}; the measured best setting adapts the attention projections only ({1}).'),
    [shown, attention, key],
    {
      key,
      measured: shown,
      recommended: attention,
      fixes: [{ title: msg('Target the attention projections ({0})'), args: [attention], edits }],
    },
  );
}

function targetList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  if (typeof value !== 'string') return [];
  if (value === 'all' || value === 'all-linear') return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
