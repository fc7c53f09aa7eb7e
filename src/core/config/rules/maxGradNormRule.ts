import { msg } from '../../../shared/messageTemplate';
import { addKeyEdit, numberLiteral, setValueEdit } from '../editing/configEdits';
import { isPpo } from '../facts/ppoFacts';
import { defineConfigRule } from './configRule';
import { anchorEntry, anchorRange, configFinding, entryOf, entryRange } from './configRule';

/**
 * PPO needs a tight gradient clip (0.5 by default): a warning when max_grad_norm is absent
 * (Hugging Face's default is 1.0; legacy TRL PPO does not clip at all) or larger.
 */
export const maxGradNormRule = defineConfigRule({
  info: [
    {
      code: 'max-grad-norm',
      defaultSeverity: 'warning',
      title: msg('PPO without a tight gradient clip'),
      why: msg('Max gradient norm 0.5 is mandatory for PPO: it prevents the gradient explosions that make RLHF collapse.'),
      settings: ['config.ppo.maxGradNorm'],
    },
  ],
  check(context) {
    if (!isPpo(context)) return [];
    const limit = context.settings['config.ppo.maxGradNorm'];
    const entry = entryOf(context, 'max_grad_norm');
    const literal = numberLiteral(limit);
    if (!entry) {
      const fallback = context.facts.valueOf('max_grad_norm');
      if (typeof fallback === 'number' && fallback <= limit) return [];
      const args: Array<string | number> = [typeof fallback === 'number' ? fallback : 'None', literal];
      return [
        configFinding(
          'max-grad-norm',
          anchorRange(context),
          typeof fallback === 'number'
            ? msg('PPO without max_grad_norm clips at the default {0}; set {1} to keep gradients from exploding.')
            : msg('PPO without max_grad_norm does not clip gradients ({0}); set {1} to keep gradients from exploding.'),
          args,
          {
            key: 'max_grad_norm',
            recommended: limit,
            fixes: [
              {
                title: msg('Add max_grad_norm: {0}'),
                args: [literal],
                edits: [addKeyEdit(context.document, 'max_grad_norm', literal, anchorEntry(context))],
                preferred: true,
              },
            ],
          },
        ),
      ];
    }
    const value = entry.value.value;
    if (typeof value === 'number' && value > 0 && value <= limit) return [];
    return [
      configFinding(
        'max-grad-norm',
        entryRange(entry),
        msg('max_grad_norm {0} is looser than {1}: PPO needs the tight clip to avoid gradient explosions.'),
        [String(value), literal],
        {
          key: 'max_grad_norm',
          measured: typeof value === 'number' ? value : String(value),
          recommended: limit,
          fixes: [{ title: msg('Set max_grad_norm to {0}'), args: [literal], edits: [setValueEdit(entry, literal)], preferred: true }],
        },
      ),
    ];
  },
});
