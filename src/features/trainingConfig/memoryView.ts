import * as vscode from 'vscode';
import type { MemoryEstimate } from '../../core/config/facts/memoryEstimate';
import { gib } from '../../core/config/facts/memoryEstimate';
import { memoryDetails, planLabel } from './memoryText';

const SCHEME = 'tunelab-memory';

/**
 * The GPU memory breakdown as a Markdown preview: a table of the parts and one of the GPU
 * plans, every figure in GiB (as nvidia-smi counts GPU memory), instead of a modal dialog's
 * wall of text. The text lives in a read-only virtual document, so closing it asks nothing.
 */
export class MemoryView implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  static register(context: vscode.ExtensionContext): MemoryView {
    const view = new MemoryView();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, view), view.changed);
    return view;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(config: vscode.Uri, estimate: MemoryEstimate): Promise<vscode.Uri> {
    const name = config.path.split('/').pop() ?? 'config';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${vscode.l10n.t('GPU memory of {0}', name)}.md`, query: config.toString() });
    this.texts.set(uri.toString(), memoryMarkdown(name, estimate));
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No Markdown preview (the built-in extension disabled): the Markdown text still reads as tables.
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return uri;
  }
}

const fixed = (n: number) => n.toFixed(1);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function memoryMarkdown(name: string, estimate: MemoryEstimate): string {
  const p = estimate.parts;
  const rows: Array<[string, number]> = [
    [vscode.l10n.t('Weights'), gib(p.weights)],
    [vscode.l10n.t('Gradients'), gib(p.gradients)],
    [vscode.l10n.t('Optimizer states'), gib(p.optimizer)],
    [vscode.l10n.t('Activations (per GPU)'), gib(p.activations)],
    [vscode.l10n.t('Reference / reward models'), gib(p.extraModels)],
  ];
  const lines = [
    `# ${cell(vscode.l10n.t('GPU memory of {0}', name))}`,
    '',
    `**${vscode.l10n.t('About {0} GiB on one GPU', fixed(estimate.singleGpuGiB))}**`,
    '',
    `| ${vscode.l10n.t('Part')} | GiB |`,
    '|---|---:|',
    ...rows.map(([label, value]) => `| ${cell(label)} | ${fixed(value)} |`),
    '',
    `| ${vscode.l10n.t('GPUs')} | ${vscode.l10n.t('Per GPU (GiB)')} | ${vscode.l10n.t('Fits')} |`,
    '|---|---:|---|',
    ...estimate.plans.map(
      (plan) =>
        `| ${planLabel(plan)} | ${fixed(plan.perGpuGiB)} | ${plan.fits ? '✓' : plan.fitsWithZero3 ? `✗ (${vscode.l10n.t('fits with ZeRO-3')})` : '✗'} |`,
    ),
    '',
    ...memoryDetails(estimate)
      .slice(1)
      .map((line) => `- ${cell(line)}`),
    '',
  ];
  return lines.join('\n');
}
