import * as vscode from 'vscode';
import { entryPathAt, rangeContains } from '../../core/config/document/configTree';
import { keyHoverInfo, nestedKeyHoverInfo } from '../../core/config/editing/keyHoverInfo';
import type { KeyHoverInfo } from '../../core/config/editing/keyHoverInfo';
import { numberLiteral } from '../../core/config/editing/configEdits';
import { formatBillions } from '../../core/config/facts/modelSize';
import { KIND_LABELS } from '../../core/config/kinds/configKind';
import { toRange } from '../../platform/diagnostics';
import { readSettings } from '../../platform/settings';
import type { ConfigChecks } from './configChecks';
import { memoryDetails, plansLine } from './memoryText';

/** Hovers on every key of a training config: what it does, type, default, allowed values, the recommendation and its source. */
export class ConfigHoverProvider implements vscode.HoverProvider {
  constructor(private readonly checks: ConfigChecks) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const check = this.checks.checkFor(document);
    if (!check?.kind || !check.facts) return undefined;
    const at = { line: position.line, column: position.character };
    const top = check.document.root?.entries?.find((e) => rangeContains(e.keyRange, at));
    // Keys inside blocks and lists (an Axolotl dataset entry's `type`) have their own hovers.
    const nested = top ? undefined : entryPathAt(check.document.root, at);
    const entry = top ?? nested?.entry;
    if (!entry) return undefined;
    const info = top ? keyHoverInfo(top.key, check.kind, check.facts, readSettings(document.uri)) : nested && nestedKeyHoverInfo(nested.path, check.kind);
    if (!info) return undefined;
    const range = toRange(entry.keyRange);
    return new vscode.Hover(renderKeyHover(info), range);
  }
}

export function renderKeyHover(info: KeyHoverInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**\`${info.key}\`** · ${vscode.l10n.t(KIND_LABELS[info.kind])}\n\n`);
  if (info.catalog.description) md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t(info.catalog.description))}\n\n`);
  const facts = [`${vscode.l10n.t('Type')}: \`${info.typeText}\``];
  if (info.catalog.hasDefault) facts.push(`${vscode.l10n.t('Default')}: \`${displayValue(info.catalog.default)}\``);
  md.appendMarkdown(`${facts.join(' · ')}\n\n`);
  if (info.allowed?.length) md.appendMarkdown(`${vscode.l10n.t('Allowed')}: ${info.allowed.map((v) => `\`${v}\``).join(', ')}\n\n`);
  else if (info.suggestions?.length) md.appendMarkdown(`${vscode.l10n.t('Common values')}: ${info.suggestions.map((v) => `\`${v}\``).join(', ')}\n\n`);
  const r = info.recommendation;
  if (r) {
    md.appendMarkdown(`**${vscode.l10n.t('Recommended')}: \`${r.value}\`** — ${escapeMarkdown(vscode.l10n.t(r.why, ...r.whyArgs))}\n\n`);
    md.appendMarkdown(
      `_${vscode.l10n.t('Source')}: ${escapeMarkdown(vscode.l10n.t(r.source))}_ · ${vscode.l10n.t('Settings')}: ${r.settings.map((s) => `\`tunelab.${s}\``).join(', ')}\n\n`,
    );
    md.appendMarkdown(`${vscode.l10n.t('Checked by')}: ${r.codes.map((code) => `\`${code}\``).join(', ')}\n\n`);
  }
  if (info.note) md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t(info.note))}\n\n`);
  if (info.size) {
    md.appendMarkdown(
      info.size.fromSetting
        ? `${vscode.l10n.t('Model size {0}, from tunelab.config.modelSizeB', formatBillions(info.size.billions))}\n\n`
        : `${vscode.l10n.t('Model size {0}, read from "{1}"', formatBillions(info.size.billions), info.size.token)}\n\n`,
    );
  }
  if (info.globalBatch) {
    const b = info.globalBatch;
    md.appendMarkdown(
      `${vscode.l10n.t('Global batch: {0} {1} × gradient_accumulation_steps {2} × {3} GPUs (tunelab.config.gpu.nodes × tunelab.config.gpu.count) = {4} samples per optimizer step.', b.batchKey, b.perGpu, b.accumulation, b.gpus, b.total)}\n\n`,
    );
  }
  if (info.memory) {
    md.appendMarkdown(`**${vscode.l10n.t('GPU memory ≈ {0} GiB on one GPU', info.memory.singleGpuGiB.toFixed(1))}** · ${plansLine(info.memory)}\n\n`);
    for (const line of memoryDetails(info.memory)) md.appendMarkdown(`- ${line}\n`);
  }
  return md;
}

/** Our own texts as Markdown: characters Markdown would act on are escaped; spaces stay spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, '\\$&');
}

/** A default as people write it: 5e-5 rather than 0.00005. */
function displayValue(value: unknown): string {
  return typeof value === 'number' ? numberLiteral(value) : JSON.stringify(value);
}
