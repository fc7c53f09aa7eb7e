import * as assert from 'node:assert/strict';
import { topLevelValues } from '../../../../src/core/config/document/configTree';
import { parseYamlConfig } from '../../../../src/core/config/document/parseYamlConfig';
import { parseJsonConfig } from '../../../../src/core/config/document/parseJsonConfig';
import { detectConfigKind } from '../../../../src/core/config/kinds/detectConfigKind';
import { kindFromFile, kindFromGlobMap } from '../../../../src/core/config/kinds/kindOverride';
import { check } from './configHelper';

const detect = (yaml: string) => detectConfigKind(topLevelValues(parseYamlConfig(yaml)));

describe('config kind detection', () => {
  it('recognises LLaMA-Factory training, inference, export and evaluation configs', () => {
    assert.equal(detect('model_name_or_path: Qwen/Qwen3-4B\nstage: sft\nfinetuning_type: lora\n').kind, 'llamafactory-train');
    assert.equal(detect('model_name_or_path: Qwen/Qwen3-4B\ntemplate: qwen3\ninfer_backend: vllm\n').kind, 'llamafactory-infer');
    assert.equal(detect('model_name_or_path: Qwen/Qwen3-4B\nadapter_name_or_path: saves/x\ntemplate: qwen3\nexport_dir: out\n').kind, 'llamafactory-export');
    assert.equal(detect('model_name_or_path: Qwen/Qwen3-4B\ntemplate: qwen3\ntask: mmlu_test\nn_shot: 5\n').kind, 'llamafactory-eval');
    // No stage, but training keys: `llamafactory-cli train` with the default stage.
    assert.equal(detect('model_name_or_path: x\ntemplate: qwen\ndataset: a\nlearning_rate: 1e-4\n').kind, 'llamafactory-train');
  });

  it('tells the TRL trainers apart by their own keys', () => {
    assert.equal(detect('model_name_or_path: x\ndataset_name: y\nbeta: 0.1\nloss_type: sigmoid\n').kind, 'trl-dpo');
    assert.equal(detect('model_name_or_path: x\ndataset_name: y\nbeta: 0.1\ndesirable_weight: 1.0\n').kind, 'trl-kto');
    assert.equal(detect('model_name_or_path: x\nnum_generations: 8\nreward_funcs: [accuracy]\nbeta: 0.0\n').kind, 'trl-grpo');
    assert.equal(detect('sft_model_path: x\nreward_model_path: y\nkl_coef: 0.05\nnum_ppo_epochs: 4\n').kind, 'trl-ppo');
    assert.equal(detect('model_name: x\ninit_kl_coef: 0.2\nadap_kl_ctrl: true\nppo_epochs: 4\nmini_batch_size: 16\n').kind, 'trl-ppo-legacy');
    assert.equal(detect('model_name_or_path: x\ndataset_name: y\npacking: true\ndataset_text_field: text\n').kind, 'trl-sft');
    assert.equal(detect('model_name_or_path: x\ndataset_name: y\ndataset_train_split: train\ncenter_rewards_coefficient: 0.01\n').kind, 'trl-reward');
  });

  it('recognises accelerate, DeepSpeed, LLaMA-Factory v1 and token maps as not checked', () => {
    assert.equal(detect('compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nnum_machines: 1\n').other, 'accelerate');
    assert.equal(detectConfigKind(topLevelValues(parseJsonConfig('{"train_batch_size": "auto", "zero_optimization": {"stage": 3}}'))).other, 'deepspeed');
    assert.equal(detect('model: Qwen/Qwen3-0.6B\nmodel_class: llm\ntrain_dataset: data/v1_sft_demo.yaml\n').other, 'llamafactory-v1');
    assert.equal(detect('"<|START|>": 1\n"<|END|>": 2\n').other, 'token-map');
    assert.equal(detect('name: CI\non: push\njobs: {}\n').other, 'unknown');
    assert.equal(detect('').other, 'unknown');
  });

  it('gives no findings for files that are not training configs', () => {
    const accelerate = check('compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nnum_machines: 1\nfsdp_config: {}\n');
    assert.equal(accelerate.kind, undefined);
    assert.deepEqual(accelerate.findings, []);
  });

  it('lets the file name its kind with a modeline or $schema', () => {
    assert.equal(kindFromFile(parseYamlConfig('# tunelab: kind=trl-dpo\nbeta: 0.1\n')), 'trl-dpo');
    assert.equal(kindFromFile(parseYamlConfig('# tunelab: trl-grpo\nbeta: 0.1\n')), 'trl-grpo');
    assert.equal(kindFromFile(parseYamlConfig('# yaml-language-server: $schema=../schemas/trl-kto.schema.json\nbeta: 0.1\n')), 'trl-kto');
    assert.equal(kindFromFile(parseJsonConfig('{"$schema": "https://example.org/x/llamafactory-export.schema.json"}')), 'llamafactory-export');
    assert.equal(kindFromFile(parseYamlConfig('# tunelab: kind=nonsense\n')), undefined);
    assert.equal(check('# tunelab: kind=trl-grpo\nbeta: 0.1\nloss_type: sigmoid\n').kind, 'trl-grpo');
  });

  it('applies a settings glob map, first match wins, and "none" turns checking off', () => {
    const matches = (glob: string, path: string) => new RegExp(`^${glob.replace(/\*\*/g, '.*').replace(/(?<!\.)\*/g, '[^/]*')}$`).test(path);
    const map = { 'rl/**': 'trl-ppo', 'legacy/*.yaml': 'none', 'x/**': 'not-a-kind' };
    assert.equal(kindFromGlobMap(map, 'rl/a/b.yaml', matches), 'trl-ppo');
    assert.equal(kindFromGlobMap(map, 'legacy/a.yaml', matches), 'none');
    assert.equal(kindFromGlobMap(map, 'x/a.yaml', matches), undefined);
    assert.equal(check('stage: sft\nmodel_name_or_path: x\n', { kind: 'none' }).findings.length, 0);
  });
});
