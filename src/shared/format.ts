/** Fills `{0}`, `{1}`… in a (localised) template, like `vscode.l10n.t` does. */
export function formatMessage(template: string, ...args: ReadonlyArray<string | number | boolean>): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
