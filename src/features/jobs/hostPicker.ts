import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { availableHosts, parseTarget, resolveHost } from '../../core/jobs/hosts/sshHosts';
import { readSettings } from '../../platform/settings';

export function sshConfigText(): string | undefined {
  const path = join(homedir(), '.ssh', 'config');
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** A host by name (`tunelab.hosts`, ssh config alias) or `user@host:port`. */
export function hostByName(spec: string): HostTarget | undefined {
  return resolveHost(spec, sshConfigText(), readSettings().hosts);
}

/** Hosts from ~/.ssh/config and `tunelab.hosts`, plus typing `user@host:port`. */
export async function pickHost(title: string): Promise<HostTarget | undefined> {
  const hosts = availableHosts(sshConfigText(), readSettings().hosts);
  const custom = vscode.l10n.t('Enter user@host:port…');
  const items: Array<vscode.QuickPickItem & { target?: HostTarget }> = hosts.map((h) => ({
    label: h.name,
    description: `${h.user ? `${h.user}@` : ''}${h.host}${h.port !== 22 ? `:${h.port}` : ''}${h.proxyJump ? ` via ${h.proxyJump}` : ''}`,
    detail: h.origin === 'settings' ? vscode.l10n.t('from tunelab.hosts') : vscode.l10n.t('from ~/.ssh/config'),
    target: h,
  }));
  items.push({ label: `$(edit) ${custom}`, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('GPU host'), ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('user@host:port (ssh config defaults for the host still apply)'),
    ignoreFocusOut: true,
    validateInput: (value) => (parseTarget(value) ? undefined : vscode.l10n.t('Not a host: use [user@]host[:port]')),
  });
  return typed ? hostByName(typed) : undefined;
}
