import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchableKind } from '../../../../src/core/jobs/launchableConfig';
import { repoRoot } from '../../../repoRoot';

const sample = (...segments: string[]) => readFileSync(join(repoRoot(), 'samples', ...segments), 'utf8');

describe('which files a launch offers as training configs', () => {
  it('offers the bundled training configs with their kind', () => {
    assert.equal(launchableKind(sample('configs', 'qwen7b_full_sft.yaml'), 'yaml', 'qwen7b_full_sft.yaml'), 'llamafactory-train');
    assert.equal(launchableKind(sample('configs', 'qwen7b_lora_ppo.yaml'), 'yaml', 'qwen7b_lora_ppo.yaml'), 'llamafactory-train');
    assert.ok(launchableKind(sample('configs', 'trl_ppo.yaml'), 'yaml', 'trl_ppo.yaml')?.startsWith('trl-'));
  });

  it("never offers a dataset, dataset_info.json, another tool's config or a non-training config", () => {
    assert.equal(launchableKind(sample('chat_sharegpt.json'), 'json', 'chat_sharegpt.json'), undefined);
    assert.equal(launchableKind(sample('dataset_info.json'), 'json', 'dataset_info.json'), undefined);
    assert.equal(
      launchableKind('compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nnum_processes: 8\nmixed_precision: bf16\n', 'yaml', 'accelerate.yaml'),
      undefined,
    );
    assert.equal(
      launchableKind(
        'model_name_or_path: Qwen/Qwen2.5-7B\nadapter_name_or_path: saves/x\ntemplate: qwen\nfinetuning_type: lora\nexport_dir: out\nexport_size: 5\n',
        'yaml',
        'merge.yaml',
      ),
      undefined,
      'an export config is not trained',
    );
    assert.equal(launchableKind('- a\n- b\n', 'yaml', 'list.yaml'), undefined);
    assert.equal(launchableKind('{"name": "x", "version": "1.0.0"}', 'json', 'package.json'), undefined);
  });

  it('takes the kind a file names for itself', () => {
    assert.equal(launchableKind('# tunelab: kind=trl-dpo\nbeta: 0.1\n', 'yaml', 'mine.yaml'), 'trl-dpo');
    assert.equal(launchableKind('{"beta": 0.1}', 'json', 'grpo.trl-grpo.json'), 'trl-grpo');
  });
});
