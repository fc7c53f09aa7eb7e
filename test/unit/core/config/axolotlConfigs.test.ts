import * as assert from 'node:assert/strict';
import { entryPathAt } from '../../../../src/core/config/document/configTree';
import { keyHoverInfo, nestedKeyHoverInfo } from '../../../../src/core/config/editing/keyHoverInfo';
import { estimateMemory } from '../../../../src/core/config/facts/memoryEstimate';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { applyEdits, check, messageOf, textAt } from './configHelper';

/** An Axolotl QLoRA config on Qwen3-4B, written the way Axolotl's examples are. */
const QLORA_4B = `base_model: Qwen/Qwen3-4B
load_in_4bit: true
adapter: qlora
lora_r: 16
lora_alpha: 32
lora_dropout: 0.05
lora_target_linear: true

datasets:
  - path: mlabonne/FineTome-100k
    type: chat_template
    split: train[:20%]
    field_messages: conversations
    message_property_mappings:
      role: from
      content: value
chat_template: qwen3
dataset_prepared_path: last_run_prepared
val_set_size: 0.0
output_dir: ./outputs/out

sequence_len: 2048
sample_packing: true

micro_batch_size: 2
gradient_accumulation_steps: 4
num_epochs: 1
optimizer: adamw_bnb_8bit
lr_scheduler: cosine
learning_rate: 2e-4

bf16: auto
tf32: false
fp16:
gradient_checkpointing: true
flash_attention:
warmup_ratio: 0.1
weight_decay: 0.0
special_tokens:
`;

describe('Axolotl configs', () => {
  it('are recognised from their own keys, strongly, without a single finding against valid values', () => {
    const result = check(QLORA_4B);
    assert.equal(result.kind, 'axolotl');
    assert.equal(result.strength, 'strong');
    assert.ok(result.evidence.includes('base_model') || result.evidence.includes('micro_batch_size'), result.evidence.join());
    // bf16: auto, an empty fp16 / flash_attention / special_tokens, 2e-4 as a number: all valid Axolotl.
    assert.deepEqual(
      result.findings.filter((f) => f.code === 'schema' || f.code === 'unknown-key' || f.code === 'syntax'),
      [],
    );
  });

  it('reads the training facts from Axolotl keys: QLoRA from adapter and load_in_4bit, the size from base_model', () => {
    const facts = check(QLORA_4B).facts;
    assert.equal(facts?.framework, 'axolotl');
    assert.equal(facts?.method, 'qlora');
    assert.equal(facts?.quantizationBits, 4);
    assert.equal(facts?.stage, 'sft');
    assert.equal(facts?.policy?.billions, 4);
    assert.equal(facts?.policy?.key, 'base_model');
    assert.equal(check(QLORA_4B.replace('adapter: qlora', 'rl: dpo\nadapter: qlora')).facts?.stage, 'dpo');
    assert.equal(check(QLORA_4B.replace('adapter: qlora', 'rl: grpo\nadapter: qlora')).facts?.stage, 'grpo');
  });

  it('validates dataset entries at their position: types and allowed values', () => {
    const text = QLORA_4B.replace('    split: train[:20%]', '    split: train[:20%]\n    train_on_eos: sometimes\n    shards: many');
    const findings = check(text).findings.filter((f) => f.code === 'schema');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)).sort(), ['many', 'sometimes']);
    assert.ok(findings.some((f) => /datasets\[0\]\.train_on_eos must be one of all, turn, last, none/.test(messageOf(f))));
  });

  it('says a YAML null is empty where a value is needed', () => {
    const result = check('# tunelab: kind=llamafactory-train\nmodel_name_or_path: x\nstage: sft\nfp16:\n');
    const finding = result.findings.find((f) => f.code === 'schema');
    assert.equal(finding && messageOf(finding), 'fp16 is empty; write a value or remove the key.');
  });

  it('notes keys Axolotl silently drops (it does not refuse them), with a rename for typos', () => {
    const text = `${QLORA_4B}micro_batch_sise: 4\nmy_own_note: hi\n`;
    const findings = check(text).findings.filter((f) => f.code === 'unknown-key');
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['info', 'info'],
    );
    assert.equal(messageOf(findings[0]), 'Axolotl does not define micro_batch_sise and drops it, so it has no effect; did you mean micro_batch_size?');
    assert.match(applyEdits(text, findings[0].data.fixes?.[0].edits ?? []), /^micro_batch_size: 4$/m);
    assert.equal(messageOf(findings[1]), 'Axolotl does not define my_own_note and drops it, so it has no effect.');
  });

  it('names deprecated keys with their replacement, and removed ones that stop the run as errors', () => {
    const text = `${QLORA_4B.replace('flash_attention:', 'flash_attention: true')}dataset_processes: 8\nflash_attn_rms_norm: true\nmax_packed_sequence_len:\n`;
    const findings = check(text).findings.filter((f) => f.code === 'deprecated-key');
    const byKey = new Map(findings.map((f) => [f.data.key, f]));
    assert.equal(messageOf(byKey.get('flash_attention')!), 'flash_attention is deprecated in Axolotl; use attn_implementation: flash_attention_2.');
    assert.equal(byKey.get('flash_attention')?.severity, 'info');
    assert.match(applyEdits(text, byKey.get('dataset_processes')?.data.fixes?.[0].edits ?? []), /^dataset_num_proc: 8$/m);
    assert.equal(byKey.get('flash_attn_rms_norm')?.severity, 'error');
    // Left empty, a removed key stops nothing.
    assert.equal(byKey.has('max_packed_sequence_len'), false);
  });

  it('flags sharegpt dataset types, which current Axolotl refuses', () => {
    const text = QLORA_4B.replace('    type: chat_template', '    type: sharegpt');
    const [finding] = check(text).findings.filter((f) => f.code === 'deprecated-key');
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding.range), 'sharegpt');
  });

  it('gives one note for fsdp_-prefixed keys in fsdp_config, with a fix that strips them all', () => {
    const text = `${QLORA_4B}fsdp_config:\n  fsdp_offload_params: true\n  fsdp_state_dict_type: FULL_STATE_DICT\n  fsdp_version: 2\n`;
    const findings = check(text).findings.filter((f) => f.code === 'deprecated-key');
    assert.equal(findings.length, 1);
    const fixed = applyEdits(text, findings[0].data.fixes?.[0].edits ?? []);
    assert.match(fixed, /^ {2}offload_params: true\n {2}state_dict_type: FULL_STATE_DICT\n {2}fsdp_version: 2$/m);
  });

  it("applies the LoRA hints to lora_r / lora_alpha / lora_target_linear, naming the model's own size", () => {
    const findings = check(QLORA_4B).findings.filter((f) => f.code === 'lora-stable-default');
    assert.deepEqual(
      findings.map((f) => f.data.key),
      ['lora_r', 'lora_alpha', 'lora_target_linear'],
    );
    assert.equal(messageOf(findings[0]), 'lora_r is 16; for this 4B model, start from 64 (the measured best LoRA setting, from 7B runs).');
    assert.match(messageOf(findings[2]), /^lora_target_linear: LoRA targets all-linear/);
    const fixed = applyEdits(QLORA_4B, findings[2].data.fixes?.[0].edits ?? []);
    assert.match(fixed, /^lora_target_linear: false\nlora_target_modules: \[q_proj, k_proj, v_proj, o_proj\]$/m);
  });

  it('checks the learning rate by model size and adapter; only a note where the figure is extrapolated', () => {
    const full = (model: string, lr: string) =>
      `base_model: ${model}\nmicro_batch_size: 1\ngradient_accumulation_steps: 8\nsequence_len: 2048\nnum_epochs: 1\nlearning_rate: ${lr}\ndatasets:\n  - path: x\n    type: alpaca\n`;
    const [warning] = check(full('meta-llama/Meta-Llama-3-8B', '2e-5')).findings.filter((f) => f.code === 'lr-too-high');
    assert.equal(warning.severity, 'warning');
    assert.match(messageOf(warning), /full SFT, 8B model/);
    assert.deepEqual(
      check(full('meta-llama/Meta-Llama-3-8B', '1e-5')).findings.filter((f) => f.code === 'lr-too-high'),
      [],
    );
    const [note] = check(QLORA_4B.replace('learning_rate: 2e-4', 'learning_rate: 1e-3')).findings.filter((f) => f.code === 'lr-too-high');
    assert.equal(note.severity, 'info');
    assert.deepEqual(
      check(`${full('Qwen/Qwen2.5-7B', '0.02')}optimizer: muon\n`).findings.filter((f) => f.code === 'lr-too-high'),
      [],
    );
  });

  it('never applies the PPO rules: Axolotl has no PPO trainer', () => {
    const codes = check(QLORA_4B.replace('adapter: qlora', 'rl: dpo\nrl_beta: 0.1\nadapter: qlora')).findings.map((f) => f.code);
    for (const code of ['max-grad-norm', 'ppo-stable-default', 'kl-out-of-range', 'ppo-adaptive-kl']) assert.ok(!codes.includes(code as never), code);
  });

  it('estimates memory from micro_batch_size, sequence_len and load_in_4bit, and shows the global batch', () => {
    const result = check(QLORA_4B);
    const estimate = result.facts && estimateMemory(result.facts);
    assert.equal(estimate?.assumptions.batch, 2);
    assert.equal(estimate?.assumptions.sequence, 2048);
    assert.equal(estimate?.assumptions.weightBytes, 0.55);
    assert.equal(estimate?.assumptions.lora?.attentionOnly, false);
    const hover = result.facts && keyHoverInfo('micro_batch_size', 'axolotl', result.facts, { ...defaultSettings(), 'config.gpu.count': 4 });
    assert.deepEqual(hover?.globalBatch, { batchKey: 'micro_batch_size', perGpu: 2, accumulation: 4, gpus: 4, total: 32 });
    assert.ok(hover?.memory);
    // Two nodes of four: every GPU of every node takes a micro-batch.
    const nodes =
      result.facts && keyHoverInfo('micro_batch_size', 'axolotl', result.facts, { ...defaultSettings(), 'config.gpu.count': 4, 'config.gpu.nodes': 2 });
    assert.deepEqual(nodes?.globalBatch, { batchKey: 'micro_batch_size', perGpu: 2, accumulation: 4, gpus: 8, total: 64 });
  });

  it('explains keys inside dataset entries and blocks on hover, found by position', () => {
    const result = check(QLORA_4B);
    const line = QLORA_4B.split('\n').findIndex((l) => l.includes('field_messages'));
    const found = entryPathAt(result.document.root, { line, column: 6 });
    assert.deepEqual(found?.path, ['datasets', 0, 'field_messages']);
    const info = found && nestedKeyHoverInfo(found.path, 'axolotl');
    assert.equal(info?.key, 'datasets[].field_messages');
    assert.match(info?.catalog.description ?? '', /message list/);
    const eos = nestedKeyHoverInfo(['datasets', 0, 'train_on_eos'], 'axolotl');
    assert.deepEqual(eos?.allowed, ['all', 'turn', 'last', 'none']);
    assert.match(nestedKeyHoverInfo(['trl', 'beta'], 'axolotl')?.catalog.description ?? '', /Not the PPO KL coefficient/);
    assert.equal(nestedKeyHoverInfo(['datasets', 0, 'type'], 'llamafactory-train'), undefined);
  });

  it('describes every key in a hover, and rl_beta is not the PPO KL coefficient', () => {
    const result = check(`${QLORA_4B}rl_beta: 0.1\n`);
    for (const entry of result.document.root?.entries ?? []) {
      const info = result.facts && keyHoverInfo(entry.key, 'axolotl', result.facts, defaultSettings());
      assert.ok(info?.catalog.description, entry.key);
    }
    const beta = result.facts && keyHoverInfo('rl_beta', 'axolotl', result.facts, defaultSettings());
    assert.match(beta?.note ?? '', /not the PPO KL coefficient/);
  });
});
