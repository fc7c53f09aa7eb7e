import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';

/**
 * The CLI speaks the user's language with the extension's own translation bundle:
 * `--lang`, else LC_ALL / LC_MESSAGES / LANG (zh_CN.UTF-8 → zh-cn). English needs no bundle.
 */
export function configureLanguage(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = explicit ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? 'en';
  const language = raw.split('.')[0].replace('_', '-').toLowerCase();
  if (!language.startsWith('zh')) {
    l10n.config({ contents: {} }); // English: the templates themselves
    return 'en';
  }
  // dist/cli.js → ../l10n; out/src/cli/localize.js → ../../../l10n
  const bundle = [join(__dirname, '..', 'l10n', 'bundle.l10n.zh-cn.json'), join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json')].find((p) =>
    existsSync(p),
  );
  if (!bundle) return 'en';
  l10n.config({ contents: JSON.parse(readFileSync(bundle, 'utf8')) as l10n.l10nJsonFormat });
  return 'zh-cn';
}

/** Localises a message template with its arguments (English when no bundle is loaded). */
export function localize(template: string, args: ReadonlyArray<string | number>): string {
  return l10n.t(template, ...args);
}
