import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, codeOf, configDiagnostics, hoverText, open, tuneLab } from './configHelpers';
import { activateTuneLab, closeAllEditors, screenshot, waitFor, workbenchType } from './helpers';

describe('training configs in the editor', function () {
  this.timeout(90_000);
  afterEach(closeAllEditors);

  it('underlines every mistake where it is, with codes linking to the docs', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    assert.equal(document.languageId, 'yaml');
    const diagnostics = await configDiagnostics(document.uri, 5);
    const all = diagnostics.map((d) => [codeOf(d), d] as const);
    assert.deepEqual(
      all.map(([code]) => code),
      ['sharding-required', 'unknown-key', 'schema', 'lr-too-high', 'schema'],
    );
    // Full fine-tuning of a 72B model with no DeepSpeed or FSDP: on the model line, with the fix.
    const [, sharding] = all[0];
    assert.equal(sharding.range.start.line, 1);
    assert.match(sharding.message, /^Training this 72B model \(full\) takes about/);
    const byCode = all.slice(1);

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
    const values = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(end.line, 'lora_rank: '.length),
    );
    const recommended = values.items.find((i) => i.label === '64');
    assert.ok(recommended, 'the measured best rank is offered');
    assert.equal(recommended.detail, 'recommended by the fine-tuning rules');

    await editor.edit((b) => b.replace(new vscode.Range(end.line, 0, end.line, 'lora_rank: '.length), 'lr_scheduler_type: '));
    const schedulers = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(end.line, 'lr_scheduler_type: '.length),
    );
    assert.ok(schedulers.items.some((i) => i.label === 'cosine'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers the snippets in YAML files', async () => {
    const { document, editor } = await open('configs', 'empty.yaml');
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), '\n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(document.lineCount - 1, 0),
    );
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : `${i.label.label} ${i.label.description ?? ''}`);
    const qlora = snippets.find((i) => /tunelab-qlora-24gb|lf-qlora/.test(label(i)));
    assert.ok(qlora, `QLoRA snippet offered among: ${snippets.map(label).join('; ')}`);
    assert.ok(
      snippets.some((i) => /tunelab-trl-ppo/.test(label(i))),
      'TRL PPO snippet offered',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixes through quick fixes (rename, unquote, set the recommended value) and undoes them', async () => {
    const { document } = await open('configs', 'full_sft_72b.yaml');
    const original = document.getText();
    const diagnostics = await configDiagnostics(document.uri, 4);
    const unknown = diagnostics.find((d) => codeOf(d) === 'unknown-key')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      unknown.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const rename = actions.find((a) => a.title === 'Rename to lora_rank');
    assert.ok(rename?.edit, `rename offered among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(rename.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(7).text, 'lora_rank: 8');

    const lr = (await configDiagnostics(document.uri, 3)).find((d) => codeOf(d) === 'lr-too-high')!;
    const setLr = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        lr.range,
        vscode.CodeActionKind.QuickFix.value,
      )
    ).find((a) => a.title.startsWith('Set learning_rate to'));
    assert.ok(setLr?.edit);
    assert.ok(await vscode.workspace.applyEdit(setLr.edit));
    assert.equal(document.lineAt(13).text, 'learning_rate: 9.72e-7');
    await waitFor(
      () => !tuneLab(document.uri).some((d) => codeOf(d) === 'lr-too-high' || codeOf(d) === 'unknown-key') || undefined,
      'the fixed findings to go',
    );

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
    const add = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        clip.range,
        vscode.CodeActionKind.QuickFix.value,
      )
    ).find((a) => a.title === 'Add max_grad_norm: 0.5');
    assert.ok(add?.edit);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.equal(document.lineAt(3).text, 'max_grad_norm: 0.5');
    await waitFor(() => !tuneLab(document.uri).some((d) => codeOf(d) === 'max-grad-norm') || undefined, 'max-grad-norm to go');

    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.delete(document.lineAt(1).rangeIncludingLineBreak));
    const missing = await waitFor(() => tuneLab(document.uri).find((d) => codeOf(d) === 'schema'), 'the missing reward model');
    assert.equal(missing.message, 'stage: ppo needs reward_model.');
    const fix = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        missing.range,
        vscode.CodeActionKind.QuickFix.value,
      )
    ).find((a) => a.title === 'Add reward_model');
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

  it("changes the kind from the status bar item's quick pick, and back to automatic", async function () {
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
    await waitFor(
      () => tuneLab(document.uri).some((d) => codeOf(d) === 'unknown-key' && /stage is not accepted in a trl-dpo config/.test(d.message)) || undefined,
      'TRL DPO findings',
    );
    const resetting = vscode.commands.executeCommand('tunelab.config.chooseKind', document.uri);
    await workbenchType('.quick-input-widget input', 'Detect automatically', 'Detect automatically');
    await resetting;
    await waitFor(() => api.trainingConfig.describe(document.uri)?.kind === 'llamafactory-train' || undefined, 'detection again');
  });
});
