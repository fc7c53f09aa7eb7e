import * as vscode from 'vscode';
import type { ConfigKind } from '../../core/config/kinds/configKind';
import { CONFIG_KINDS, KIND_LABELS, OTHER_LABELS } from '../../core/config/kinds/configKind';
import { Disposable } from '../../platform/disposable';
import type { ConfigChecks } from './configChecks';

/** The active config's kind, how it was decided, and a click to change it. */
export class ConfigStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('tunelab.configKind', vscode.StatusBarAlignment.Right, 99));
  private visible = false;

  constructor(private readonly checks: ConfigChecks) {
    super();
    this.item.name = vscode.l10n.t('TuneLab config kind');
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.update()));
    this.register(checks.onDidChange(() => this.update()));
    this.update();
  }

  /** The text shown, for tests: undefined when hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  /** The tooltip's Markdown, for tests: undefined when hidden. */
  get tooltip(): string | undefined {
    const tooltip = this.item.tooltip;
    return this.visible ? (typeof tooltip === 'string' ? tooltip : tooltip?.value) : undefined;
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const check = document && this.checks.checkFor(document);
    const chosen = document && this.checks.choiceFor(document.uri);
    if (!document || !check || (!check.kind && check.other === 'unknown' && !chosen)) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const label = check.kind ? vscode.l10n.t(KIND_LABELS[check.kind]) : vscode.l10n.t(OTHER_LABELS[check.other ?? 'unknown']);
    this.item.text = check.kind ? `$(beaker) ${label}` : check.other === 'unrecognised' ? `$(question) ${label}` : `$(circle-slash) ${label}`;
    const how =
      check.kindSource === 'file'
        ? vscode.l10n.t('Named by the file (modeline, $schema or file name).')
        : check.kindSource === 'override'
          ? vscode.l10n.t('Chosen in settings or with this status bar item.')
          : check.other === 'unrecognised'
            ? vscode.l10n.t(
                'Too few keys that only one framework accepts to tell which it is (seen: {0}), so nothing is checked. Name the kind with a "# tunelab: kind=<kind>" comment at the top, the tunelab.config.kinds setting, or this status bar item.',
                check.evidence.join(', '),
              )
            : !check.kind && check.evidence.length
              ? vscode.l10n.t("Recognised from the keys {0} as another tool's file, which TuneLab leaves alone.", check.evidence.join(', '))
              : check.evidence.length
                ? check.strength === 'weak'
                  ? vscode.l10n.t('Detected from only a few keys ({0}), so unknown keys are shown as hints.', check.evidence.join(', '))
                  : vscode.l10n.t('Detected from the keys {0}.', check.evidence.join(', '))
                : vscode.l10n.t('Detected from the content.');
    const counts = check.kind ? vscode.l10n.t('{0} findings', check.findings.length) : vscode.l10n.t('Not checked by TuneLab.');
    this.item.tooltip = new vscode.MarkdownString(`**TuneLab** · ${label}\n\n${how}\n\n${counts}\n\n${vscode.l10n.t('Click to change the config kind.')}`);
    this.item.command = { command: 'tunelab.config.chooseKind', title: vscode.l10n.t('Change Config Kind'), arguments: [document.uri] };
    this.item.show();
    this.visible = true;
  }
}

/** Quick pick of kinds for a file: automatic detection, one kind, or not a training config. */
export async function chooseKind(checks: ConfigChecks, uri: vscode.Uri | undefined): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) return;
  type Pick = vscode.QuickPickItem & { value: ConfigKind | 'none' | undefined };
  const current = checks.choiceFor(target);
  const items: Pick[] = [
    { label: vscode.l10n.t('Detect automatically'), value: undefined, picked: current === undefined },
    ...CONFIG_KINDS.map((kind) => ({ label: vscode.l10n.t(KIND_LABELS[kind]), description: kind, value: kind, picked: current === kind })),
    { label: vscode.l10n.t('Not a training config'), description: vscode.l10n.t('no checks'), value: 'none' as const, picked: current === 'none' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('TuneLab: config kind for this file'),
    placeHolder: vscode.l10n.t('The kind decides which keys are valid and which rules apply'),
  });
  if (picked) await checks.choose(target, picked.value);
}
