import * as vscode from 'vscode';

/** The localised message of a job or connection failure (JobError, SshError), or the error's own text. */
export function explainJobError(error: unknown): string {
  const e = error as { template?: string; args?: Array<string | number>; explained?: { message: string; args: Array<string | number> }; message?: string };
  if (e?.explained) return vscode.l10n.t(e.explained.message, ...e.explained.args);
  if (e?.template && e.args) return vscode.l10n.t(e.template, ...e.args);
  return e?.message ?? String(error);
}
