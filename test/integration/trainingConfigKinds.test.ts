import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, codeOf, configDiagnostics, hoverText, open, tuneLab } from './configHelpers';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workspaceUri } from './helpers';

describe('training configs in the editor: other tools, Axolotl, size limits, kinds', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('recognises an accelerate config and leaves it alone', async () => {
    const api = await activateTuneLab();
    const { document } = await open('configs', 'fsdp_accelerate.yaml');
    await waitFor(() => api.trainingConfig.statusBarText()?.includes('Accelerate config'), 'the accelerate label');
    assert.equal(api.trainingConfig.describe(document.uri)?.other, 'accelerate');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(tuneLab(document.uri), []);
  });

  it('checks an Axolotl config: dataset entries, dropped and deprecated keys, hovers, completion and a quick fix', async () => {
    const api = await activateTuneLab();
    const { document, editor } = await open('configs', 'axolotl_qlora.yml');
    const diagnostics = await configDiagnostics(document.uri, 3);
    assert.equal(api.trainingConfig.describe(document.uri)?.kind, 'axolotl');
    await waitFor(() => api.trainingConfig.statusBarText()?.includes('Axolotl'), 'Axolotl in the status bar');
    assert.deepEqual(diagnostics.map(codeOf), ['schema', 'unknown-key', 'deprecated-key']);
    const [entryValue, dropped, deprecated] = diagnostics;
    assert.deepEqual(entryValue.range, new vscode.Range(at(document, 14, 'sometimes'), at(document, 14, 'sometimes').translate(0, 'sometimes'.length)));
    assert.match(entryValue.message, /^datasets\[0\]\.train_on_eos must be one of all, turn, last, none/);
    assert.equal(entryValue.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(dropped.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(dropped.message, 'Axolotl does not define micro_batch_sise and drops it, so it has no effect; did you mean micro_batch_size?');
    assert.equal(deprecated.message, 'flash_attention is deprecated in Axolotl; use attn_implementation: flash_attention_2.');

    const sequence = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(18, 3)));
    assert.match(sequence, /\*\*`sequence_len`\*\* · Axolotl/);
    assert.match(sequence, /Maximum tokens in a training sample/);
    assert.match(sequence, /GPU memory ≈ \d+\.\d GiB on one GPU/);
    const lr = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(23, 3)));
    assert.match(lr, /\*\*Recommended: `1\.0e-4`\*\*/);
    const type = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(13, 6)));
    assert.match(type, /\*\*`datasets\[\]\.type`\*\* · Axolotl/);
    assert.match(type, /How records are turned into prompts/);

    const rename = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        dropped.range,
        vscode.CodeActionKind.QuickFix.value,
      )
    ).find((a) => a.title === 'Rename to micro_batch_size');
    assert.ok(rename?.edit, 'rename offered');
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(20).text, 'micro_batch_size: 2');
    await waitFor(() => !tuneLab(document.uri).some((d) => codeOf(d) === 'unknown-key') || undefined, 'the dropped key to go');
    const batch = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(21, 3)));
    assert.match(batch, /Global batch: micro_batch_size 2 × gradient_accumulation_steps 8 × 1 GPUs .* = 16 samples per optimizer step/);

    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), 'lora_targ'));
    const end = new vscode.Position(document.lineCount - 1, 'lora_targ'.length);
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
    const linear = keys.items.find((i) => i.label === 'lora_target_linear');
    assert.ok(linear, 'lora_target_linear offered');
    assert.equal(linear.kind, vscode.CompletionItemKind.Property);
    assert.match((linear.documentation as vscode.MarkdownString).value, /every linear layer/);
    assert.ok(
      !keys.items.some((i) => i.label === 'lora_target_modules' && i.kind === vscode.CompletionItemKind.Property),
      'keys already present are not offered',
    );

    // Inside the datasets entry: its allowed values, and the entry's keys not yet set, documented.
    const entryValues = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(14, '    train_on_eos: '.length),
    );
    assert.ok(
      entryValues.items.some((i) => i.label === 'turn' && i.kind === vscode.CompletionItemKind.Value),
      'train_on_eos values offered',
    );
    await editor.edit((b) => b.insert(new vscode.Position(15, 0), '    field_m\n'));
    const entryKeys = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(15, '    field_m'.length),
    );
    const fieldMessages = entryKeys.items.find((i) => i.label === 'field_messages');
    assert.equal(fieldMessages?.kind, vscode.CompletionItemKind.Property);
    assert.match((fieldMessages?.documentation as vscode.MarkdownString).value, /Column holding the message list/);
    assert.ok(!entryKeys.items.some((i) => i.label === 'type' || i.label === 'base_model'), "the entry's own and top-level keys are not offered");
    await screenshot('config-axolotl');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('checks a 1.2 MB config in a worker thread, not on the extension host, and flags one past the size limit', async () => {
    const api = await activateTuneLab();
    const fixture = await vscode.workspace.fs.readFile(workspaceUri('configs', 'axolotl_qlora.yml'));
    // The fixture's config with a long test_datasets list, every tenth entry merged from the first.
    const lines = ['test_datasets:', '  - &eval', '    path: org/eval-base', '    type: alpaca', '    split: test'];
    for (let i = 0, size = 0; size < 1_200_000; i++) {
      const entry = i % 10 === 9 ? `  - <<: *eval\n    path: org/merged-${i}` : `  - path: org/eval-${i}\n    type: alpaca\n    split: test`;
      lines.push(entry);
      size += entry.length + 1;
    }
    const content = `${new TextDecoder().decode(fixture)}${lines.join('\n')}\n`;
    const big = await vscode.workspace.openTextDocument({ language: 'yaml', content });
    await vscode.window.showTextDocument(big);
    // Parsing 1.2 MB with positions takes seconds on a busy machine: a generous wait, not a timing assert.
    const diagnostics = await configDiagnostics(big.uri, 3, 60_000);
    assert.deepEqual(diagnostics.map(codeOf), ['schema', 'unknown-key', 'deprecated-key']);
    assert.match(diagnostics[0].message, /^datasets\[0\]\.train_on_eos must be one of/);
    assert.equal(api.trainingConfig.describe(big.uri)?.offThread, true);
    assert.ok(!diagnostics.some((d) => /Symbol\(/.test(d.message)));

    const huge = await vscode.workspace.openTextDocument({ language: 'yaml', content: `stage: sft\n${'# filler line\n'.repeat(160_000)}` });
    await vscode.window.showTextDocument(huge);
    const [tooLarge] = await configDiagnostics(huge.uri, 1);
    assert.equal(codeOf(tooLarge), 'too-large');
    assert.equal(tooLarge.message, 'This file is 2.2 MB; TuneLab checks training configs up to 2.0 MB, so it is not checked.');
    assert.equal(tooLarge.severity, vscode.DiagnosticSeverity.Warning);
    for (const document of [big, huge]) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('checks nothing in a config of unknown kind, and the status bar says why and how to choose', async () => {
    const api = await activateTuneLab();
    const { document } = await open('configs', 'few_keys.yaml');
    await waitFor(() => api.trainingConfig.statusBarText()?.includes('config kind not recognised'), 'the not-recognised label');
    assert.equal(api.trainingConfig.describe(document.uri)?.other, 'unrecognised');
    const tooltip = api.trainingConfig.statusBarTooltip() ?? '';
    assert.match(tooltip, /seen: lora_rank \(LLaMA-Factory\)/);
    assert.match(tooltip, /tunelab: kind=<kind>/);
    assert.match(tooltip, /tunelab\.config\.kinds/);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(tuneLab(document.uri), []);
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 3)));
    assert.doesNotMatch(hover, /lora_rank`\*\*/);
  });

  it('turns checking off for files a settings glob maps to "none"', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    await configDiagnostics(document.uri, 4);
    const configuration = vscode.workspace.getConfiguration('tunelab');
    await configuration.update('config.kinds', { '**/full_sft_72b.yaml': 'none' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => tuneLab(document.uri).length === 0 || undefined, 'diagnostics to clear');
    } finally {
      await configuration.update('config.kinds', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await configDiagnostics(document.uri, 4);
  });

  it('leaves schema problems of *.<kind>.json files to the JSON language server: nothing twice', async () => {
    const api = await activateTuneLab();
    const { document } = await open('configs', 'grpo.trl-grpo.json');
    assert.equal(api.trainingConfig.describe(document.uri)?.kind, 'trl-grpo');
    const fromJson = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source !== 'TuneLab' && /betta/.test(d.message) && d.range.start.line === 4),
      'the JSON language server to flag betta from our schema',
      45_000,
    );
    assert.equal(fromJson.range.start.line, 4);
    assert.deepEqual(tuneLab(document.uri), []);
  });
});
