import { quote } from './shellQuote';

/**
 * The training command from a template in settings, e.g. `llamafactory-cli train {config}`.
 * The template is the user's own shell (it may hold flags, pipes or `torchrun …`); every
 * placeholder is replaced by a quoted value, so a file name can never add shell syntax.
 */
export const TEMPLATE_PLACEHOLDERS = ['config', 'workdir', 'output_dir', 'job_id'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export function renderCommand(template: string, values: Readonly<Record<TemplatePlaceholder, string>>): string {
  const unknown = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown placeholder {${unknown[0]}} in the command template; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
  if (!template.trim()) throw new Error('the command template is empty');
  return template.replace(/\{(\w+)\}/g, (_m, name: TemplatePlaceholder) => quote(values[name]));
}
