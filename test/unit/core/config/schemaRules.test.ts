import * as assert from 'node:assert/strict';
import { applyEdits, check, CLEAN_LORA_SFT, findingsOf, messageOf, textAt } from './configHelper';

describe('schema and unknown-key rules', () => {
  it('finds nothing in a valid config', () => {
    assert.deepEqual(check(CLEAN_LORA_SFT).findings, []);
  });

  it('puts a type error on the value, with a fix for a quoted number', () => {
    const text = CLEAN_LORA_SFT.replace('learning_rate: 1.0e-4', 'learning_rate: "1e-4"');
    const [finding] = findingsOf(text, 'schema');
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding.range), '"1e-4"');
    assert.equal(messageOf(finding), 'learning_rate must be a number, not "1e-4".');
    const fixed = applyEdits(text, finding.data.fixes?.[0].edits ?? []);
    assert.match(fixed, /^learning_rate: 1\.0e-4$/m);
    assert.deepEqual(check(fixed).findings, []);
  });

  it('checks list items and nested paths', () => {
    const text = CLEAN_LORA_SFT.replace('dataset: alpaca_zh_demo', 'dataset:\n  - alpaca_zh_demo\n  - 42');
    const [finding] = findingsOf(text, 'schema');
    assert.equal(messageOf(finding), 'dataset[1] must be text, not 42.');
    assert.equal(textAt(text, finding.range), '42');
  });

  it('accepts the comma-list keys as YAML lists too', () => {
    const text = CLEAN_LORA_SFT.replace('dataset: alpaca_zh_demo', 'dataset: [alpaca_zh_demo, identity]').replace(
      'lora_target: q_proj,k_proj,v_proj,o_proj',
      'lora_target: [q_proj, k_proj, v_proj, o_proj]',
    );
    assert.deepEqual(findingsOf(text, 'schema'), []);
  });

  it('refuses values outside an enum and suggests the closest', () => {
    const text = CLEAN_LORA_SFT.replace('finetuning_type: lora', 'finetuning_type: lroa');
    const [finding] = findingsOf(text, 'schema');
    assert.equal(messageOf(finding), 'finetuning_type must be one of lora, oft, freeze, full; did you mean lora?');
    assert.match(applyEdits(text, finding.data.fixes?.[0].edits ?? []), /^finetuning_type: lora$/m);
    const far = findingsOf(CLEAN_LORA_SFT.replace('stage: sft', 'stage: grpo'), 'schema')[0];
    assert.equal(messageOf(far), 'stage must be one of pt, sft, rm, ppo, dpo, kto.');
    assert.deepEqual(far.data.fixes, []);
  });

  it('requires model_name_or_path and offers to add it', () => {
    const text = CLEAN_LORA_SFT.replace('model_name_or_path: Qwen/Qwen2.5-7B-Instruct\n', '');
    const [finding] = findingsOf(text, 'schema');
    assert.equal(messageOf(finding), 'Missing required key model_name_or_path.');
    assert.match(applyEdits(text, finding.data.fixes?.[0].edits ?? []), /^model_name_or_path: path\/or\/hub-id$/m);
  });

  it('requires a reward model for stage: ppo, reported on the stage line', () => {
    const text = CLEAN_LORA_SFT.replace('stage: sft', 'stage: ppo');
    const finding = findingsOf(text, 'schema')[0];
    assert.equal(messageOf(finding), 'stage: ppo needs reward_model.');
    assert.equal(textAt(text, finding.range), 'stage');
    assert.match(applyEdits(text, finding.data.fixes?.[0].edits ?? []), /^stage: ppo\nreward_model: path\/or\/hub-id$/m);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'schema'), []);
  });

  it('flags unknown keys with "did you mean" and a rename', () => {
    const text = CLEAN_LORA_SFT.replace('learning_rate:', 'learning_rat:');
    const [finding] = findingsOf(text, 'unknown-key');
    assert.equal(finding.severity, 'warning');
    assert.equal(messageOf(finding), 'Unknown key learning_rat; did you mean learning_rate?');
    assert.equal(textAt(text, finding.range), 'learning_rat');
    assert.equal(applyEdits(text, finding.data.fixes?.[0].edits ?? []), CLEAN_LORA_SFT);
  });

  it('says when a key belongs to another kind instead of guessing', () => {
    const [trl] = findingsOf(`${CLEAN_LORA_SFT}kl_coef: 0.05\n`, 'unknown-key');
    assert.equal(messageOf(trl), 'kl_coef is not accepted in a llamafactory-train config; it belongs to trl-ppo.');
    const [training] = findingsOf('model_name_or_path: Qwen/Qwen3-4B\ntemplate: qwen3\nexport_dir: out\nlearning_rate: 1e-5\n', 'unknown-key', {
      kind: 'llamafactory-export',
    });
    assert.equal(
      messageOf(training),
      'learning_rate is read by `llamafactory-cli train`, not by `llamafactory-cli export`, which refuses keys it does not use; remove it or run the other command.',
    );
    const [nonsense] = findingsOf(`${CLEAN_LORA_SFT}completely_made_up: 1\n`, 'unknown-key');
    assert.equal(messageOf(nonsense), 'Unknown key completely_made_up: the framework will refuse it at launch.');
  });

  it('accepts $schema in JSON and validates JSON configs at the node', () => {
    const json = '{\n  "$schema": "./trl-dpo.schema.json",\n  "model_name_or_path": "Qwen/Qwen2.5-7B",\n  "beta": "high"\n}\n';
    const result = check(json, { format: 'json' });
    assert.equal(result.kind, 'trl-dpo');
    assert.equal(result.findings.length, 1);
    assert.equal(textAt(json, result.findings[0].range), '"high"');
  });

  it('reports syntax errors and checks nothing else in a broken file', () => {
    const result = check('stage: sft\nstage: dpo\nfinetuning_type: lora\ntemplate: qwen\nlearning_rat: 1\nmodel_name_or_path: x\n');
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['syntax'],
    );
  });

  it('says when the file is not a mapping', () => {
    const result = check('- a\n- b\n', { kind: 'llamafactory-train' });
    assert.equal(messageOf(result.findings[0]), 'A training config is a mapping of keys to values, not […].');
  });

  it('honours severity settings, including off', () => {
    const text = CLEAN_LORA_SFT.replace('learning_rate:', 'learning_rat:');
    assert.equal(check(text, { settings: { 'config.severity': { 'unknown-key': 'error' } } }).findings[0].severity, 'error');
    assert.deepEqual(check(text, { settings: { 'config.severity': { 'unknown-key': 'off' } } }).findings, []);
  });
});
