import { msg } from '../../../shared/messageTemplate';
import { JobError } from '../jobError';
import { quote } from './shellQuote';

/**
 * The training command from a template in settings, e.g. `llamafactory-cli train {config}`.
 * The template is the user's own shell (flags, `&&`, pipes, `cd`, `torchrun …`) and runs as
 * written. Placeholders never become shell text: each is replaced by a reference to an exported
 * variable (`{config}` → `"${TUNELAB_CONFIG}"`), and an expanded variable is never parsed again,
 * so a value holding `$(…)`, backticks, quotes or `;` runs nothing, whatever quotes the user put
 * around the placeholder. (Only a template that hands a placeholder to a second shell, such as
 * `sh -c "… {config}"` or `eval`, has that shell parse the value: the same as any variable.)
 */
export const TEMPLATE_PLACEHOLDERS = ['config', 'workdir', 'output_dir', 'job_id'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** The exported variable holding each placeholder's value. */
export function placeholderVariable(name: TemplatePlaceholder): string {
  return `TUNELAB_${name.toUpperCase()}`;
}

/** The variables command.sh exports for the placeholders. */
export function placeholderEnv(values: Readonly<Record<TemplatePlaceholder, string>>): Record<string, string> {
  return Object.fromEntries(TEMPLATE_PLACEHOLDERS.map((name) => [placeholderVariable(name), values[name]]));
}

function isPlaceholder(name: string): name is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Refuses empty templates and unknown `{names}` (a `${NAME}` is the shell's, not ours). */
export function checkTemplate(template: string): void {
  if (!template.trim()) throw new Error('the command template is empty');
  const unknown = [...template.matchAll(/(^|[^$])\{(\w+)\}/g)].map((m) => m[2]).filter((name) => !isPlaceholder(name));
  if (unknown.length)
    throw new Error(`unknown placeholder {${unknown[0]}} in the command template; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
}

/**
 * checkTemplate as a user-facing error, so a launch reports a mistyped placeholder before it
 * connects to anything.
 */
export function checkTemplateOrThrow(template: string): void {
  if (!template.trim()) throw new JobError(msg('The command template is empty.'), []);
  const unknown = [...template.matchAll(/(^|[^$])\{(\w+)\}/g)].map((m) => m[2]).filter((name) => !isPlaceholder(name));
  if (unknown.length)
    throw new JobError(msg('Unknown placeholder {0} in the command template: use {1}.'), [
      `{${unknown[0]}}`,
      TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', '),
    ]);
}

/**
 * The template with each placeholder replaced by its variable, quoted for where it stands:
 * `"${V}"` outside quotes, `${V}` inside double quotes, and inside single quotes the quote is
 * closed, `"${V}"` inserted and the quote reopened (`'a{config}b'` → `'a'"${V}"'b'`).
 */
export function commandForShell(template: string): string {
  checkTemplate(template);
  let out = '';
  let state: 'plain' | 'single' | 'double' | 'ansi' = 'plain';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    const m = c === '{' && template[i - 1] !== '$' ? /^\{(\w+)\}/.exec(template.slice(i)) : null;
    if (m && isPlaceholder(m[1])) {
      const ref = `\${${placeholderVariable(m[1])}}`;
      out += state === 'plain' ? `"${ref}"` : state === 'double' ? ref : state === 'single' ? `'"${ref}"'` : `'"${ref}"$'`;
      i += m[0].length - 1;
      continue;
    }
    out += c;
    if (c === '\\' && state !== 'single' && i + 1 < template.length) {
      out += template[++i];
      continue;
    }
    if (state === 'plain') {
      if (c === "'") state = template[i - 1] === '$' ? 'ansi' : 'single';
      else if (c === '"') state = 'double';
    } else if ((state === 'single' || state === 'ansi') && c === "'") state = 'plain';
    else if (state === 'double' && c === '"') state = 'plain';
  }
  return out;
}

/** The command as a person reads it: each placeholder replaced by its quoted value (for lists and logs). */
export function renderCommand(template: string, values: Readonly<Record<TemplatePlaceholder, string>>): string {
  checkTemplate(template);
  return template.replace(/(^|[^$])\{(\w+)\}/g, (_m, before: string, name: TemplatePlaceholder) => before + quote(values[name]));
}
