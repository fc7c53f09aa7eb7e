import * as assert from 'node:assert/strict';
import { applyEdits, CLEAN_LORA_SFT, findingsOf, messageOf, textAt } from '../configHelper';

describe('rule lora-stable-default', () => {
  it('says nothing at rank 64, alpha 16, attention targets, or for full fine-tuning', () => {
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'lora-stable-default'), []);
    assert.deepEqual(
      findingsOf(
        CLEAN_LORA_SFT.replace('finetuning_type: lora', 'finetuning_type: full').replace('learning_rate: 1.0e-4', 'learning_rate: 1.0e-5'),
        'lora-stable-default',
      ),
      [],
    );
  });

  it('hints on rank and alpha, with fixes', () => {
    const text = CLEAN_LORA_SFT.replace('lora_rank: 64', 'lora_rank: 8').replace('lora_alpha: 16', 'lora_alpha: 32');
    const findings = findingsOf(text, 'lora-stable-default');
    assert.deepEqual(
      findings.map((f) => textAt(text, f.range)),
      ['lora_rank: 8', 'lora_alpha: 32'],
    );
    assert.equal(findings[0].severity, 'hint');
    assert.equal(messageOf(findings[0]), 'lora_rank is 8; the measured best LoRA setting for a 7B model uses 64.');
    assert.equal(
      applyEdits(
        text,
        findings.flatMap((f) => f.data.fixes?.[0].edits ?? []),
      ),
      CLEAN_LORA_SFT,
    );
  });

  it("knows LLaMA-Factory's alpha defaults to twice the rank", () => {
    const text = CLEAN_LORA_SFT.replace('lora_alpha: 16\n', '');
    const [finding] = findingsOf(text, 'lora-stable-default');
    assert.equal(messageOf(finding), 'lora_alpha is not set and defaults to 128; the measured best LoRA setting for a 7B model uses 16.');
  });

  it('hints when LoRA adapts every linear layer (the default "all")', () => {
    const text = CLEAN_LORA_SFT.replace('lora_target: q_proj,k_proj,v_proj,o_proj', 'lora_target: all');
    const [finding] = findingsOf(text, 'lora-stable-default');
    assert.match(messageOf(finding), /LoRA targets all; .* attention projections only \(q_proj,k_proj,v_proj,o_proj\)/);
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), CLEAN_LORA_SFT);
    assert.deepEqual(findingsOf(text, 'lora-stable-default', { settings: { 'config.lora.attentionOnly': false } }), []);
  });

  it("reads TRL's lora_r / lora_target_modules when use_peft is on", () => {
    const trl = 'model_name_or_path: Qwen/Qwen2.5-7B\ndataset_name: x\npacking: true\nuse_peft: true\nlora_r: 16\nlora_alpha: 16\n';
    const findings = findingsOf(trl, 'lora-stable-default', { kind: 'trl-sft' });
    assert.deepEqual(
      findings.map((f) => f.data.key),
      ['lora_r'],
    );
    assert.deepEqual(findingsOf(trl.replace('use_peft: true', 'use_peft: false'), 'lora-stable-default', { kind: 'trl-sft' }), []);
  });
});
