import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from '../../../../../src/core/config/checkConfig';
import { clusterFromFlags } from '../../../../../src/core/config/facts/clusterShape';
import type { Settings } from '../../../../../src/core/settings/settings';
import { defaultSettings } from '../../../../../src/core/settings/settings';
import { CLEAN_LORA_SFT, applyEdits, findingsOf, messageOf, textAt } from '../configHelper';

const FULL_7B = CLEAN_LORA_SFT.replace('finetuning_type: lora', 'finetuning_type: full').replace('learning_rate: 1.0e-4', 'learning_rate: 1.0e-5');
const AXOLOTL_FULL_8B = `base_model: meta-llama/Meta-Llama-3-8B
datasets:
  - path: tatsu-lab/alpaca
    type: alpaca
sequence_len: 2048
micro_batch_size: 1
gradient_accumulation_steps: 8
num_epochs: 1
optimizer: adamw_torch_fused
learning_rate: 1e-5
bf16: true
output_dir: ./out
`;

describe('rule sharding-required', () => {
  it('warns on full fine-tuning of a 7B without DeepSpeed, assuming an 80 GiB card, on the model line', () => {
    const [finding, ...rest] = findingsOf(FULL_7B, 'sharding-required');
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(FULL_7B, finding.range), 'model_name_or_path: Qwen/Qwen2.5-7B-Instruct');
    assert.equal(
      messageOf(finding),
      'Training this 7B model (full) takes about 105.3 GiB per GPU for weights, gradients and optimizer states alone, more than one 80 GiB GPU holds (A100/H100; set tunelab.config.gpu.memoryGB for yours), and no DeepSpeed ZeRO-2/3 or FSDP config shards them. Set deepspeed: examples/deepspeed/ds_z3_config.json (ZeRO-3 fits it on 2 or more such GPUs).',
    );
  });

  it('offers a fix that adds LLaMA-Factory’s ZeRO-3 file after finetuning_type, which silences it', () => {
    const [finding] = findingsOf(FULL_7B, 'sharding-required');
    const fixed = applyEdits(FULL_7B, finding.data.fixes?.[0].edits ?? []);
    assert.match(fixed, /finetuning_type: full\ndeepspeed: examples\/deepspeed\/ds_z3_config\.json\n/);
    assert.deepEqual(findingsOf(fixed, 'sharding-required'), []);
  });

  it('counts ZeRO-0 as no sharding and replaces its value', () => {
    const text = `${FULL_7B}deepspeed: examples/deepspeed/ds_z0_config.json\n`;
    const [finding] = findingsOf(text, 'sharding-required');
    assert.equal(textAt(text, finding.range), 'deepspeed: examples/deepspeed/ds_z0_config.json');
    assert.match(applyEdits(text, finding.data.fixes?.[0].edits ?? []), /\ndeepspeed: examples\/deepspeed\/ds_z3_config\.json\n$/);
  });

  it('is silent with ZeRO-2/3, FSDP, an unknown DeepSpeed file, LoRA, a memory-saving optimizer, Megatron, or a header that names FSDP', () => {
    for (const extra of [
      'deepspeed: examples/deepspeed/ds_z2_config.json\n',
      'deepspeed: examples/deepspeed/ds_z3_offload_config.json\n',
      'deepspeed: my_cluster.json\n',
      'fsdp: full_shard auto_wrap\n',
      'use_galore: true\n',
      'use_badam: true\n',
      'tensor_model_parallel_size: 4\n',
    ])
      assert.deepEqual(findingsOf(FULL_7B + extra, 'sharding-required'), [], extra);
    assert.deepEqual(findingsOf(CLEAN_LORA_SFT, 'sharding-required'), []);
    assert.deepEqual(
      findingsOf(`# accelerate launch --config_file examples/accelerate/fsdp_config.yaml src/train.py this.yaml\n${FULL_7B}`, 'sharding-required'),
      [],
    );
    const settings = defaultSettings();
    assert.deepEqual(
      checkConfig(FULL_7B, 'yaml', { settings, fileName: '/x/qwen_full_sft_fsdp2.yaml' }).findings.filter((f) => f.code === 'sharding-required'),
      [],
    );
  });

  it('is silent without a model size, and for a 3B that fits one 80 GiB card', () => {
    assert.deepEqual(findingsOf(FULL_7B.replace('Qwen/Qwen2.5-7B-Instruct', 'my-org/my-model'), 'sharding-required'), []);
    assert.deepEqual(findingsOf(FULL_7B.replace('7B', '3B'), 'sharding-required'), []);
  });

  it('holds the model against the GPU the settings name, with the source, and against 24 GiB a 3B does not fit', () => {
    const [finding] = findingsOf(FULL_7B.replace('7B', '3B'), 'sharding-required', { settings: { 'config.gpu.memoryGB': 24 } });
    assert.match(messageOf(finding), /^Training this 3B model \(full\) takes about 45\.7 GiB .* more than one 24 GiB GPU \(tunelab\.config\.gpu\.\*\) holds/);
  });

  it('names the offload file when ZeRO-3 over the cluster’s GPUs is not enough', () => {
    const settings = { ...defaultSettings(), 'config.gpu.memoryGB': 24 } as Settings;
    const cluster = clusterFromFlags(settings, { gpus: 2, nodes: 1 });
    const [finding] = checkConfig(FULL_7B, 'yaml', { settings, cluster }).findings.filter((f) => f.code === 'sharding-required');
    assert.match(
      messageOf(finding),
      /more than one 24 GiB GPU \(--gpus\/--nodes\/--gpu-memory; tunelab\.config\.gpu\.\*\) holds.*ds_z3_offload_config\.json \(ZeRO-3 with CPU offload\)\.$/,
    );
  });

  it('counts Axolotl’s bf16 weights and gradients (a lower bound) and names Axolotl’s ZeRO-3 file', () => {
    const [finding] = findingsOf(AXOLOTL_FULL_8B, 'sharding-required');
    assert.match(messageOf(finding), /^Training this 8B model \(full\) takes about 90\.4 GiB .*Set deepspeed: deepspeed_configs\/zero3_bf16\.json/);
    assert.deepEqual(findingsOf(`${AXOLOTL_FULL_8B}fsdp_config:\n  fsdp_version: 2\n`, 'sharding-required'), []);
    assert.deepEqual(findingsOf(`${AXOLOTL_FULL_8B}fsdp:\n  - full_shard\n  - auto_wrap\n`, 'sharding-required'), []);
  });

  describe('with the DeepSpeed file read from disk', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tunelab-ds-'));
      mkdirSync(join(dir, 'examples', 'deepspeed'), { recursive: true });
      mkdirSync(join(dir, 'examples', 'train_full'), { recursive: true });
      writeFileSync(join(dir, 'examples', 'deepspeed', 'cluster.json'), JSON.stringify({ zero_optimization: { stage: 0 } }));
      writeFileSync(join(dir, 'examples', 'deepspeed', 'big.json'), JSON.stringify({ zero_optimization: { stage: 3, offload_optimizer: { device: 'none' } } }));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const run = (deepspeed: string) => {
      const fileName = join(dir, 'examples', 'train_full', 'run.yaml');
      return checkConfig(`${FULL_7B}deepspeed: ${deepspeed}\n`, 'yaml', { settings: defaultSettings(), fileName, readFiles: true });
    };

    it('reads the stage from the file, relative to the folders above the config', () => {
      assert.equal(run('examples/deepspeed/cluster.json').findings.filter((f) => f.code === 'sharding-required').length, 1);
      const big = run('examples/deepspeed/big.json');
      assert.deepEqual(
        big.findings.filter((f) => f.code === 'sharding-required'),
        [],
      );
      assert.equal(big.facts?.deepspeedConfig !== undefined, true);
    });

    it('stays silent when the named file cannot be read and its name tells no stage', () => {
      assert.deepEqual(
        run('examples/deepspeed/missing.json').findings.filter((f) => f.code === 'sharding-required'),
        [],
      );
    });
  });
});
