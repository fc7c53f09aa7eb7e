import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workbenchType, workspaceUri } from './helpers';

function tuneLab(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'TuneLab');
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

async function open(...path: string[]): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  await activateTuneLab();
  const document = await vscode.workspace.openTextDocument(workspaceUri(...path));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

async function configDiagnostics(uri: vscode.Uri, atLeast: number, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = tuneLab(uri);
    return d.length >= atLeast ? d : undefined;
  }, `${atLeast} TuneLab diagnostics on ${uri.path}`, timeoutMs);
}

/** The position of `needle` in line `line`. */
function at(document: vscode.TextDocument, line: number, needle: string): vscode.Position {
  const column = document.lineAt(line).text.indexOf(needle);
  assert.ok(column >= 0, `${needle} not on line ${line}`);
  return new vscode.Position(line, column);
}

describe('training configs in the editor', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('underlines every mistake where it is, with codes linking to the docs', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    assert.equal(document.languageId, 'yaml');
    const diagnostics = await configDiagnostics(document.uri, 4);
    const byCode = diagnostics.map((d) => [codeOf(d), d] as const);
    assert.deepEqual(byCode.map(([code]) => code), ['unknown-key', 'schema', 'lr-too-high', 'schema']);

    const [, unknown] = byCode[0];
    assert.deepEqual(unknown.range, new vscode.Range(7, 0, 7, 'lora_rnk'.length));
    assert.equal(unknown.message, 'Unknown key lora_rnk; did you mean lora_rank?');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);

    const [, quoted] = byCode[1];
    assert.deepEqual(quoted.range, new vscode.Range(at(document, 8, '"2048"'), at(document, 8, '"2048"').translate(0, 6)));
    assert.equal(quoted.severity, vscode.DiagnosticSeverity.Error);

    const [, lr] = byCode[2];
    assert.equal(lr.range.start.line, 13);
    assert.match(lr.message, /learning_rate 2\.0e-5 is 21× the recommendation for full SFT, 72B model/);
    const target = (lr.code as { target: vscode.Uri }).target;
    assert.match(target.path, /docs\/config-findings\.md$/);
    assert.equal(target.fragment, 'lr-too-high');

    assert.match(byCode[3][1].message, /did you mean cosine\?$/);
    await screenshot('config-diagnostics');
  });

  it('explains every key on hover: what, type, default, recommendation, source, memory', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    await configDiagnostics(document.uri, 4);
    const lr = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(13, 3)));
    assert.match(lr, /\*\*`learning_rate`\*\* · LLaMA-Factory training/);
    assert.match(lr, /Initial learning rate of the optimizer/);
    assert.match(lr, /Type: `number` · Default: `5\.0e-5`/);
    assert.match(lr, /Checked by: `lr-too-high`, `lr-too-low`/);
    assert.match(lr, /\*\*Recommended: `9\.72e-7`\*\*/);
    assert.match(lr, /Source: .*learning rate by model size/);
    assert.match(lr, /`tunelab\.config\.lr\.full70B`/);

    const model = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 5)));
    assert.match(model, /Model size 72B, read from "72B"/);
    assert.match(model, /GPU memory ≈ \d+\.\d GiB on one GPU/);
    assert.match(model, /1×24 GiB ✗/);

    const stage = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(4, 2)));
    assert.match(stage, /Allowed: `pt`, `sft`, `rm`, `ppo`, `dpo`, `kto`/);
  });

  it('completes keys with their documentation, and values with the recommendation first', async () => {
    const { document, editor } = await open('configs', 'empty.yaml');
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), 'lora_ra'));
    const end = new vscode.Position(document.lineCount - 1, 'lora_ra'.length);
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
    const rank = keys.items.find((i) => i.label === 'lora_rank');
    assert.ok(rank, 'lora_rank offered');
    assert.equal(rank.kind, vscode.CompletionItemKind.Property);
    assert.match((rank.documentation as vscode.MarkdownString).value, /LoRA rank/);
    assert.ok(!keys.items.some((i) => i.label === 'stage'), 'keys already present are not offered');

    await editor.edit((b) => b.replace(new vscode.Range(end.line, 0, end.line, end.character), 'lora_rank: '));
    const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(end.line, 'lora_rank: '.length));
    const recommended = values.items.find((i) => i.label === '64');
    assert.ok(recommended, 'the measured best rank is offered');
    assert.equal(recommended.detail, 'recommended by the fine-tuning rules');

    await editor.edit((b) => b.replace(new vscode.Range(end.line, 0, end.line, 'lora_rank: '.length), 'lr_scheduler_type: '));
    const schedulers = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(end.line, 'lr_scheduler_type: '.length));
    assert.ok(schedulers.items.some((i) => i.label === 'cosine'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers the snippets in YAML files', async () => {
    const { document, editor } = await open('configs', 'empty.yaml');
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), '\n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(document.lineCount - 1, 0));
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : `${i.label.label} ${i.label.description ?? ''}`);
    const qlora = snippets.find((i) => /tunelab-qlora-24gb|lf-qlora/.test(label(i)));
    assert.ok(qlora, `QLoRA snippet offered among: ${snippets.map(label).join('; ')}`);
    assert.ok(snippets.some((i) => /tunelab-trl-ppo/.test(label(i))), 'TRL PPO snippet offered');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixes through quick fixes (rename, unquote, set the recommended value) and undoes them', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    const original = document.getText();
    const diagnostics = await configDiagnostics(document.uri, 4);
    const unknown = diagnostics.find((d) => codeOf(d) === 'unknown-key')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, unknown.range, vscode.CodeActionKind.QuickFix.value);
    const rename = actions.find((a) => a.title === 'Rename to lora_rank');
    assert.ok(rename?.edit, `rename offered among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(rename.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(7).text, 'lora_rank: 8');

    const lr = (await configDiagnostics(document.uri, 3)).find((d) => codeOf(d) === 'lr-too-high')!;
    const setLr = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, lr.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title.startsWith('Set learning_rate to'));
    assert.ok(setLr?.edit);
    assert.ok(await vscode.workspace.applyEdit(setLr.edit));
    assert.equal(document.lineAt(13).text, 'learning_rate: 9.72e-7');
    await waitFor(() => !tuneLab(document.uri).some((d) => codeOf(d) === 'lr-too-high' || codeOf(d) === 'unknown-key') || undefined, 'the fixed findings to go');

    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('adds a missing required key and the stable PPO gradient clip', async () => {
    const { document } = await open('configs', 'lora_ppo.yaml');
    const diagnostics = await configDiagnostics(document.uri, 2);
    assert.deepEqual(diagnostics.map(codeOf).sort(), ['max-grad-norm', 'ppo-adaptive-kl']);
    const clip = diagnostics.find((d) => codeOf(d) === 'max-grad-norm')!;
    const add = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, clip.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Add max_grad_norm: 0.5');
    assert.ok(add?.edit);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.equal(document.lineAt(3).text, 'max_grad_norm: 0.5');
    await waitFor(() => !tuneLab(document.uri).some((d) => codeOf(d) === 'max-grad-norm') || undefined, 'max-grad-norm to go');

    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.delete(document.lineAt(1).rangeIncludingLineBreak));
    const missing = await waitFor(() => tuneLab(document.uri).find((d) => codeOf(d) === 'schema'), 'the missing reward model');
    assert.equal(missing.message, 'stage: ppo needs reward_model.');
    const fix = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, missing.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Add reward_model');
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(2).text, 'reward_model: path/or/hub-id');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('shows the kind in the status bar and the memory estimate as a CodeLens', async () => {
    const api = await activateTuneLab();
    const { document } = await open('configs', 'lora_ppo.yaml');
    await waitFor(() => api.trainingConfig.statusBarText()?.includes('LLaMA-Factory training'), 'the kind in the status bar');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const memory = lenses.find((l) => l.command?.command === 'tunelab.config.showMemoryEstimate');
    assert.ok(memory, 'memory CodeLens');
    assert.match(memory.command!.title, /GPU memory ≈ \d+\.\d GiB on one GPU · 1×24 GiB [✓✗]/);
    assert.equal(memory.range.start.line, 0);
    await screenshot('config-status-codelens');
  });

  it('changes the kind from the status bar item\'s quick pick, and back to automatic', async function () {
    if (!process.env.TUNELAB_TEST_HELPER_URL) this.skip(); // needs the runner's browser to answer the quick pick
    const api = await activateTuneLab();
    const { document } = await open('configs', 'lora_ppo.yaml');
    await configDiagnostics(document.uri, 2);
    const choosing = vscode.commands.executeCommand('tunelab.config.chooseKind', document.uri);
    await workbenchType('.quick-input-widget input', 'TRL DPO', 'TRL DPO');
    await choosing;
    assert.equal(api.trainingConfig.describe(document.uri)?.kind, 'trl-dpo');
    await waitFor(() => api.trainingConfig.statusBarText()?.includes('TRL DPO'), 'the chosen kind in the status bar');
    // LLaMA-Factory keys are unknown to a TRL DPO config.
    await waitFor(() => tuneLab(document.uri).some((d) => codeOf(d) === 'unknown-key' && /stage is not accepted in a trl-dpo config/.test(d.message)) || undefined, 'TRL DPO findings');
    const resetting = vscode.commands.executeCommand('tunelab.config.chooseKind', document.uri);
    await workbenchType('.quick-input-widget input', 'Detect automatically', 'Detect automatically');
    await resetting;
    await waitFor(() => api.trainingConfig.describe(document.uri)?.kind === 'llamafactory-train' || undefined, 'detection again');
  });

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

    const rename = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, dropped.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Rename to micro_batch_size');
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
    assert.ok(!keys.items.some((i) => i.label === 'lora_target_modules' && i.kind === vscode.CompletionItemKind.Property), 'keys already present are not offered');

    // Inside the datasets entry: its allowed values, and the entry's keys not yet set, documented.
    const entryValues = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(14, '    train_on_eos: '.length));
    assert.ok(entryValues.items.some((i) => i.label === 'turn' && i.kind === vscode.CompletionItemKind.Value), 'train_on_eos values offered');
    await editor.edit((b) => b.insert(new vscode.Position(15, 0), '    field_m\n'));
    const entryKeys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(15, '    field_m'.length));
    const fieldMessages = entryKeys.items.find((i) => i.label === 'field_messages');
    assert.equal(fieldMessages?.kind, vscode.CompletionItemKind.Property);
    assert.match((fieldMessages?.documentation as vscode.MarkdownString).value, /Column holding the message list/);
    assert.ok(!entryKeys.items.some((i) => i.label === 'type' || i.label === 'base_model'), 'the entry\'s own and top-level keys are not offered');
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
    const fromJson = await waitFor(() => vscode.languages.getDiagnostics(document.uri).find((d) => d.source !== 'TuneLab' && /betta/.test(d.message) && d.range.start.line === 4), 'the JSON language server to flag betta from our schema', 45_000);
    assert.equal(fromJson.range.start.line, 4);
    assert.deepEqual(tuneLab(document.uri), []);
  });
});
