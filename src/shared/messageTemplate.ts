/**
 * Marks an English message template (with `{0}` placeholders) that adapters localise:
 * `vscode.l10n.t(template, ...args)` in VS Code, the same bundle in the CLI. The l10n
 * test collects every literal passed to msg() and checks it has a Simplified Chinese translation.
 */
export function msg(template: string): string {
  return template;
}
