import { msg } from '../../../shared/messageTemplate';
import type { ConfigFinding } from '../configFindings';
import { addKeyEdit, numberLiteral, setValueEdit } from '../editing/configEdits';
import { KL_COEFFICIENT_KEYS } from '../facts/ppoFacts';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { anchorRange, configFinding, entryOf, entryRange } from './configRule';

export const klCoefficientRule = defineConfigRule({
  info: [
    {
      code: 'kl-out-of-range',
      defaultSeverity: 'warning',
      title: msg('PPO KL coefficient outside the stable range'),
      why: msg('From 200+ PPO runs: 0.05–0.08 is the stable range. At 0.01 the policy drifts and produces garbled output; at 0.2 it learns nothing.'),
      settings: ['config.kl.min', 'config.kl.max'],
    },
  ],
  check(context) {
    const key = KL_COEFFICIENT_KEYS[context.kind];
    if (!key) return [];
    const min = context.settings['config.kl.min'];
    const max = context.settings['config.kl.max'];
    const value = context.facts.valueOf(key);
    if (typeof value !== 'number' || (value >= min && value <= max)) return [];
    return [klFinding(context, key, value, min, max)];
  },
});

function klFinding(context: ConfigRuleContext, key: string, value: number, min: number, max: number): ConfigFinding {
  const entry = entryOf(context, key);
  const literal = numberLiteral(min);
  const fix = {
    title: msg('Set {0} to {1}'),
    args: [key, literal],
    edits: [entry ? setValueEdit(entry, literal) : addKeyEdit(context.document, key, literal)],
    preferred: true,
  };
  const message =
    value < min
      ? msg('{0} = {1} is below the stable PPO range {2}–{3}: the policy drifts from the reference model and starts producing garbled text.')
      : msg('{0} = {1} is above the stable PPO range {2}–{3}: the KL penalty dominates and the policy learns almost nothing.');
  const args = [key, value, min, max];
  if (!entry) {
    return configFinding('kl-out-of-range', anchorRange(context), msg('{0} is not set and defaults to {1}, outside the stable PPO range {2}–{3}.'), args, {
      key,
      measured: value,
      recommended: min,
      fixes: [fix],
    });
  }
  return configFinding('kl-out-of-range', entryRange(entry), message, args, { key, measured: value, recommended: min, fixes: [fix] });
}
