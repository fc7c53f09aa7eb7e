import * as assert from 'node:assert/strict';
import { CLEAN_LORA_SFT, findingsOf, messageOf, textAt } from '../configHelper';

const FULL_7B = CLEAN_LORA_SFT.replace('finetuning_type: lora', 'finetuning_type: full').replace('learning_rate: 1.0e-4', 'learning_rate: 1.0e-5');

describe('rule gpu-memory', () => {
  it('says nothing without a target GPU', () => {
    assert.deepEqual(findingsOf(FULL_7B, 'gpu-memory'), []);
  });

  it('accepts a config that fits the target GPU', () => {
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 24 } }), []);
  });

  it('warns when the estimate exceeds the target, on the model line, and says ZeRO-3 would fit', () => {
    const [finding] = findingsOf(FULL_7B, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 80, 'config.gpu.count': 4 } });
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(FULL_7B, finding.range), 'model_name_or_path: Qwen/Qwen2.5-7B-Instruct');
    assert.match(
      messageOf(finding),
      /^Estimated \d+\.\d GiB per GPU \(from model_name_or_path, per_device_train_batch_size, cutoff_len, …\) does not fit the target GPU \(4×80 GiB\); DeepSpeed ZeRO-3 would make it fit\.$/,
    );
    const sharded = `${FULL_7B}deepspeed: examples/deepspeed/ds_z3_config.json\n`;
    assert.deepEqual(findingsOf(sharded, 'gpu-memory', { settings: { 'config.gpu.memoryGB': 80, 'config.gpu.count': 4 } }), []);
  });
});
