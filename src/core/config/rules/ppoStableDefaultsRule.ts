import { msg } from '../../../shared/messageTemplate';
import type { ConfigEdit, ConfigFinding } from '../configFindings';
import { addKeyEdit, numberLiteral, setValueEdit } from '../editing/configEdits';
import { isPpo, PPO_STABLE_ITEMS } from '../facts/ppoFacts';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { anchorEntry, anchorRange, configFinding, entryOf, entryRange } from './configRule';

/**
 * Hints (not counted as problems) where a PPO config deviates from the stable set. Keys that
 * are set get a hint each; keys left at a framework default that deviates are listed in one
 * hint, with a fix that writes the stable values.
 */
export const ppoStableDefaultsRule = defineConfigRule({
  info: [
    {
      code: 'ppo-stable-default',
      defaultSeverity: 'hint',
      title: msg('Differs from the PPO stable set'),
      why: msg(
        'The stable set from 200+ PPO runs: clip ranges 0.2/0.2, max grad norm 0.5, mini-batch 16, 4 PPO epochs, temperature 0.7, top_p 0.9, repetition penalty 1.2.',
      ),
      settings: [
        'config.ppo.clipRange',
        'config.ppo.valueClipRange',
        'config.ppo.miniBatchSize',
        'config.ppo.epochs',
        'config.ppo.temperature',
        'config.ppo.topP',
        'config.ppo.repetitionPenalty',
      ],
    },
  ],
  check(context) {
    if (!isPpo(context)) return [];
    const findings: ConfigFinding[] = [];
    const defaults: Array<{ key: string; value: unknown; stable: number }> = [];
    for (const item of PPO_STABLE_ITEMS) {
      const key = item.keys[context.kind];
      if (!key) continue;
      const stable = context.settings[item.setting] as number;
      const value = context.facts.valueOf(key);
      if (typeof value === 'number' && Math.abs(value - stable) < 1e-9) continue;
      const entry = entryOf(context, key);
      if (!entry) {
        if (value !== undefined) defaults.push({ key, value, stable });
        continue;
      }
      findings.push(
        configFinding('ppo-stable-default', entryRange(entry), msg('{0} is {1}; the PPO stable set uses {2}.'), [key, String(value), stable], {
          key,
          measured: typeof value === 'number' ? value : String(value),
          recommended: stable,
          fixes: [{ title: msg('Set {0} to {1}'), args: [key, stable], edits: [setValueEdit(entry, numberLiteral(stable))], preferred: true }],
        }),
      );
    }
    const miniBatch = miniBatchFinding(context);
    if (miniBatch) findings.push(miniBatch);
    if (defaults.length) {
      const anchor = anchorEntry(context);
      const edits: ConfigEdit[] = defaults.map((d) => addKeyEdit(context.document, d.key, numberLiteral(d.stable), anchor));
      findings.push(
        configFinding(
          'ppo-stable-default',
          anchorRange(context),
          msg('Framework defaults that differ from the PPO stable set: {0}.'),
          [defaults.map((d) => `${d.key} ${String(d.value)} → ${d.stable}`).join(', ')],
          {
            fixes: [{ title: msg('Add the stable values ({0})'), args: [defaults.map((d) => d.key).join(', ')], edits: mergeInsertions(edits) }],
          },
        ),
      );
    }
    return findings;
  },
});

/**
 * LLaMA-Factory and TRL ≥ 0.12 have no mini-batch key: the PPO mini-batch is
 * per_device_train_batch_size × gradient_accumulation_steps.
 */
function miniBatchFinding(context: ConfigRuleContext): ConfigFinding | undefined {
  if (context.kind === 'trl-ppo-legacy') return undefined;
  const stable = context.settings['config.ppo.miniBatchSize'];
  const perDevice = context.facts.valueOf('per_device_train_batch_size');
  const accumulation = context.facts.valueOf('gradient_accumulation_steps');
  if (typeof perDevice !== 'number' || typeof accumulation !== 'number') return undefined;
  const miniBatch = perDevice * accumulation;
  if (miniBatch === stable) return undefined;
  const perDeviceEntry = entryOf(context, 'per_device_train_batch_size');
  const accumulationEntry = entryOf(context, 'gradient_accumulation_steps');
  const fixes = [];
  if (perDevice > 0 && stable % perDevice === 0) {
    const literal = String(stable / perDevice);
    fixes.push({
      title: msg('Set gradient_accumulation_steps to {0}'),
      args: [literal],
      edits: [
        accumulationEntry ? setValueEdit(accumulationEntry, literal) : addKeyEdit(context.document, 'gradient_accumulation_steps', literal, perDeviceEntry),
      ],
      preferred: true,
    });
  }
  const range = perDeviceEntry ? entryRange(perDeviceEntry) : accumulationEntry ? entryRange(accumulationEntry) : anchorRange(context);
  return configFinding(
    'ppo-stable-default',
    range,
    msg('The PPO mini-batch is {0} (per_device_train_batch_size {1} × gradient_accumulation_steps {2}); the stable set uses {3}.'),
    [miniBatch, perDevice, accumulation, stable],
    {
      key: 'per_device_train_batch_size',
      measured: miniBatch,
      recommended: stable,
      fixes,
    },
  );
}

/** Several insertions at one point become one edit, in order. */
function mergeInsertions(edits: ConfigEdit[]): ConfigEdit[] {
  const merged: ConfigEdit[] = [];
  for (const edit of edits) {
    const last = merged[merged.length - 1];
    const samePoint = last && last.range.start.line === edit.range.start.line && last.range.start.column === edit.range.start.column;
    if (samePoint) last.newText += last.newText.endsWith('\n') ? edit.newText.replace(/^\n/, '') : edit.newText;
    else merged.push({ ...edit });
  }
  return merged;
}
