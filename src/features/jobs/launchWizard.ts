import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ConfigFormat } from '../../core/config/document/parseConfig';
import { configFormatOf } from '../../core/config/document/parseConfig';
import { KIND_LABELS } from '../../core/config/kinds/configKind';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import type { HostTarget } from '../../core/jobs/hosts/sshHosts';
import { availableHosts, parseTarget } from '../../core/jobs/hosts/sshHosts';
import { MAX_LAUNCHABLE_CONFIG_BYTES, launchableKind } from '../../core/jobs/launchableConfig';
import { readSettings } from '../../platform/settings';
import type { HostGroupSetting } from '../../core/jobs/multihost/multiHostOptions';
import { hostByName, sshConfigText } from './hostPicker';

/** Several hosts to train on together: a `tunelab.jobs.hostGroups` entry or hosts picked in the wizard. */
export interface HostGroupChoice {
  name: string;
  /** Rank order: the first is the master. */
  targets: HostTarget[];
  group: HostGroupSetting;
}

/**
 * The three steps of *Launch Training Job* (config, host, working directory) as one flow, as
 * VS Code's guidelines for multi-step quick inputs ask: each step says "Step n of 3" and has a
 * Back button, so a wrong host does not mean starting over.
 */
export const LAUNCH_STEPS = 3;
export const BACK = Symbol('back');
export type StepAnswer<T> = T | typeof BACK | undefined;

export function stepTitle(step: number): string {
  return vscode.l10n.t('Launch Training Job: Step {0} of {1}', step, LAUNCH_STEPS);
}

export interface LaunchableConfig {
  uri: vscode.Uri;
  kind: ConfigKind;
}

/** The workspace's training configs (never datasets or other JSON/YAML), the active editor's first. */
export async function launchableConfigs(): Promise<LaunchableConfig[]> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml,json}', '**/{node_modules,.git,.venv,saves,output,.tunelab}/**', 500);
  // Configs open in an editor count too, though outside the workspace (e.g. the walkthrough's samples).
  const listed = new Set(files.map((uri) => uri.toString()));
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme === 'file' && !listed.has(document.uri.toString())) {
      listed.add(document.uri.toString());
      files.push(document.uri);
    }
  }
  const active = vscode.window.activeTextEditor?.document.uri.toString();
  const found: LaunchableConfig[] = [];
  for (const uri of files) {
    const format = configFormatOf(uri.fsPath);
    if (!format || uri.scheme !== 'file') continue;
    const kind = await kindOf(uri, format);
    if (kind) found.push({ uri, kind });
  }
  const rank = (c: LaunchableConfig) => (c.uri.toString() === active ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || vscode.workspace.asRelativePath(a.uri).localeCompare(vscode.workspace.asRelativePath(b.uri)));
}

async function kindOf(uri: vscode.Uri, format: ConfigFormat): Promise<ConfigKind | undefined> {
  try {
    // An open editor's text is what would be launched (it is saved first); else the file.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open && statSync(uri.fsPath).size > MAX_LAUNCHABLE_CONFIG_BYTES) return undefined;
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return text.length > MAX_LAUNCHABLE_CONFIG_BYTES ? undefined : launchableKind(text, format, uri.path);
  } catch {
    return undefined;
  }
}

/** Step 1: the training config. */
export async function pickConfigStep(): Promise<vscode.Uri | undefined> {
  const configs = await launchableConfigs();
  if (!configs.length) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('No training config in this workspace: TuneLab launches LLaMA-Factory, TRL and Axolotl training configs.'),
    );
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri.toString();
  const items = configs.map((c) => ({
    label: vscode.workspace.asRelativePath(c.uri),
    description: c.uri.toString() === active ? vscode.l10n.t('{0} · active editor', vscode.l10n.t(KIND_LABELS[c.kind])) : vscode.l10n.t(KIND_LABELS[c.kind]),
    uri: c.uri,
  }));
  const picked = await runQuickPick(items, { step: 1, placeholder: vscode.l10n.t('Training config (only files detected as training configs are listed)') });
  return picked === BACK ? undefined : picked?.uri;
}

type HostItem = vscode.QuickPickItem & { target?: HostTarget; typed?: string; group?: HostGroupChoice; several?: true };

/**
 * Step 2: a host from ~/.ssh/config and `tunelab.hosts`, `user@host:port` typed into the box
 * (echoed as understood), a group of `tunelab.jobs.hostGroups`, or several hosts picked here.
 */
export function pickHostStep(): Promise<StepAnswer<HostTarget | HostGroupChoice>> {
  const hosts = availableHosts(sshConfigText(), readSettings().hosts);
  const listed: HostItem[] = hosts.map((h) => ({
    label: h.name,
    description: `${h.user ? `${h.user}@` : ''}${h.host}${h.port !== 22 ? `:${h.port}` : ''}${h.proxyJump ? ` via ${h.proxyJump}` : ''}`,
    detail: h.origin === 'settings' ? vscode.l10n.t('from tunelab.hosts') : vscode.l10n.t('from ~/.ssh/config'),
    target: h,
  }));
  const pick = vscode.window.createQuickPick<HostItem>();
  pick.title = stepTitle(2);
  pick.placeholder = vscode.l10n.t('GPU host, or type user@host:port');
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.buttons = [vscode.QuickInputButtons.Back];
  const refresh = () => {
    const typed = pick.value.trim();
    const exact = listed.some((item) => item.label === typed);
    const extra: HostItem[] = [];
    if (typed && !exact) extra.push(typedHostItem(typed));
    pick.items = [...extra, ...listed, ...groupItems(listed)];
  };
  refresh();
  let resolveLater = false;
  return new Promise((resolve) => {
    pick.onDidChangeValue(refresh);
    pick.onDidTriggerButton(() => {
      resolve(BACK);
      pick.hide();
    });
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (!item) return;
      if (item.group) {
        resolve(item.group);
        pick.hide();
        return;
      }
      if (item.several) {
        // The second picker replaces this one: hiding it must not end the step.
        resolveLater = true;
        pick.hide();
        void pickSeveralHosts(listed).then(resolve);
        return;
      }
      const target = item.target ?? (item.typed ? hostByName(item.typed) : undefined);
      if (!target) return; // an invalid typed host: its row says why, the picker stays open
      resolve(target);
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!resolveLater) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The rows of `tunelab.jobs.hostGroups` and "Several hosts…", after the single hosts. */
function groupItems(listed: readonly HostItem[]): HostItem[] {
  const items: HostItem[] = [{ label: '', kind: vscode.QuickPickItemKind.Separator }];
  for (const [name, group] of Object.entries(readSettings()['jobs.hostGroups'])) {
    const targets = group.hosts.map((h) => hostByName(h));
    const bad = group.hosts.find((_, i) => !targets[i]);
    items.push({
      label: `$(server-environment) ${name}`,
      description: vscode.l10n.t('{0} hosts: {1}', group.hosts.length, group.hosts.join(', ')),
      detail: bad ? vscode.l10n.t('Not a host: use [user@]host[:port]') + ` (${bad})` : vscode.l10n.t('from tunelab.jobs.hostGroups'),
      group: bad ? undefined : { name, targets: targets as HostTarget[], group },
    });
  }
  if (listed.length >= 2)
    items.push({ label: `$(add) ${vscode.l10n.t('Several hosts…')}`, description: vscode.l10n.t('train on several hosts at once'), several: true });
  return items;
}

/** Several of the listed hosts, checked in a second picker; the first in the list is rank 0 (the master). */
async function pickSeveralHosts(listed: readonly HostItem[]): Promise<StepAnswer<HostGroupChoice>> {
  const picked = await vscode.window.showQuickPick(
    listed.filter((i) => i.target),
    {
      title: stepTitle(2),
      placeHolder: vscode.l10n.t('Pick two or more hosts: the first in this list is rank 0, where the others meet'),
      canPickMany: true,
      ignoreFocusOut: true,
      matchOnDescription: true,
    },
  );
  if (!picked) return undefined;
  if (picked.length < 2) return BACK;
  const targets = picked.map((i) => i.target as HostTarget);
  return { name: targets.map((t) => t.name).join('+'), targets, group: { hosts: targets.map((t) => t.name) } };
}

/** The row for what the user typed: how TuneLab reads it, or why it is not a host. */
function typedHostItem(typed: string): HostItem {
  const parsed = parseTarget(typed);
  if (!parsed) return { label: `$(error) ${typed}`, description: vscode.l10n.t('Not a host: use [user@]host[:port]'), alwaysShow: true };
  return {
    label: `$(plug) ${typed}`,
    description: describeTarget(parsed),
    detail: vscode.l10n.t('ssh config defaults for the host still apply'),
    alwaysShow: true,
    typed,
  };
}

/** `user alice on gpu.lab, port 2222`: the typed target read back to the user. */
export function describeTarget(parsed: { user?: string; host: string; port?: number }): string {
  const port = parsed.port ?? 22;
  return parsed.user
    ? vscode.l10n.t('Connect to {0} as {1}, port {2}', parsed.host, parsed.user, port)
    : vscode.l10n.t('Connect to {0}, port {1}', parsed.host, port);
}

/** Step 3: the working directory on the host. */
export function workdirStep(host: HostTarget, value: string): Promise<StepAnswer<string>> {
  const box = vscode.window.createInputBox();
  box.title = stepTitle(3);
  box.prompt = vscode.l10n.t('Working directory on {0}: the project is mirrored there and the command runs there', host.name);
  box.value = value;
  box.ignoreFocusOut = true;
  box.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? undefined : vscode.l10n.t('A working directory is needed')));
    box.onDidTriggerButton(() => {
      resolve(BACK);
      box.hide();
    });
    box.onDidAccept(() => {
      if (!box.value.trim()) return;
      resolve(box.value.trim());
      box.hide();
    });
    box.onDidHide(() => {
      resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

async function runQuickPick<T extends vscode.QuickPickItem>(items: T[], options: { step: number; placeholder: string }): Promise<StepAnswer<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = stepTitle(options.step);
  pick.placeholder = options.placeholder;
  pick.items = items;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  if (options.step > 1) pick.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    pick.onDidTriggerButton(() => {
      resolve(BACK);
      pick.hide();
    });
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
