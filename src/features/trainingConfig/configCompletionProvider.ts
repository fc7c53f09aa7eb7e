import * as vscode from 'vscode';
import { completionSpot, configCompletions } from '../../core/config/editing/configCompletion';
import { toRange } from '../../platform/diagnostics';
import { readSettings } from '../../platform/settings';
import type { ConfigChecks } from './configChecks';
import { formatOf } from './configChecks';
import { escapeMarkdown } from './configHover';

/** Completion of keys (with their documentation) and values (allowed, recommended, default) in training configs. */
export class ConfigCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly checks: ConfigChecks) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const format = formatOf(document);
    const check = this.checks.checkFor(document);
    if (!format || !check?.kind) return undefined;
    const spot = completionSpot(document.getText(), format, document.offsetAt(position));
    if (!spot) return undefined;
    const settings = readSettings(document.uri);
    return configCompletions(spot, check.kind, check.facts, settings, format).map((item) => {
      const completion = new vscode.CompletionItem(item.label, item.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value);
      completion.insertText = new vscode.SnippetString(item.insertText);
      completion.range = toRange(item.range);
      completion.sortText = item.sortText;
      completion.detail =
        item.tag === 'recommended'
          ? vscode.l10n.t('recommended by the fine-tuning rules')
          : item.tag === 'default'
            ? vscode.l10n.t('framework default')
            : item.detail;
      if (item.documentation) completion.documentation = new vscode.MarkdownString(escapeMarkdown(vscode.l10n.t(item.documentation)));
      if (item.tag === 'recommended') completion.preselect = true;
      return completion;
    });
  }
}
