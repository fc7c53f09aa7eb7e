import * as assert from 'node:assert/strict';
import { checkConfig } from '../../../../src/core/config/checkConfig';
import type { TrainingFacts } from '../../../../src/core/config/facts/trainingFacts';
import { clusterFromHostGpus, clusterFromSlurm } from '../../../../src/core/config/facts/clusterShape';
import { runPlan } from '../../../../src/core/preflight/runPlan';
import { trainerLimit } from '../../../../src/core/preflight/tokens/trainerLimit';
import { defaultSettings } from '../../../../src/core/settings/settings';

function facts(yaml: string): TrainingFacts {
  const check = checkConfig(yaml, 'yaml', { settings: defaultSettings() });
  assert.ok(check.facts, `a training config: ${yaml}`);
  return check.facts;
}

const LF =
  'model_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: demo\ntemplate: qwen\noutput_dir: saves/x\n';

describe('the run plan', () => {
  it('counts steps as ceil(records / (batch × accumulation × GPUs)) per epoch, warm-up from the ratio', () => {
    const plan = runPlan({
      facts: facts(`${LF}per_device_train_batch_size: 4\ngradient_accumulation_steps: 8\nnum_train_epochs: 3\nwarmup_ratio: 0.1\n`),
      trainRecords: [1000],
      gpus: 2,
    });
    assert.equal(plan.globalBatch, 64);
    assert.equal(plan.stepsPerEpoch, 16); // 1000 / 64 = 15.6
    assert.equal(plan.totalSteps, 48);
    assert.equal(plan.warmupSteps, 5); // ceil(4.8)
    assert.deepEqual([plan.checkpoints.strategy, plan.checkpoints.every, plan.checkpoints.written], ['steps', 500, 0]);
  });

  it('lets max_steps decide the length and warmup_steps the warm-up; keeps save_total_limit checkpoints', () => {
    const plan = runPlan({
      facts: facts(`${LF}per_device_train_batch_size: 2\nmax_steps: 250\nwarmup_steps: 20\nsave_steps: 50\nsave_total_limit: 2\nsave_only_model: true\n`),
      trainRecords: [10_000],
      gpus: 1,
    });
    assert.equal(plan.totalSteps, 250);
    assert.equal(plan.maxSteps, 250);
    assert.equal(plan.warmupSteps, 20);
    assert.deepEqual([plan.checkpoints.written, plan.checkpoints.kept, plan.checkpoints.withOptimizer], [5, 2, false]);
    // A 7B LoRA adapter (rank 8, all linear layers) in fp32: tens of MB, not GiB.
    assert.ok(plan.checkpoints.perCheckpointGiB !== undefined && plan.checkpoints.perCheckpointGiB < 0.2, String(plan.checkpoints.perCheckpointGiB));
  });

  it('caps each dataset at max_samples and sets val_size aside for evaluation', () => {
    const plan = runPlan({ facts: facts(`${LF}max_samples: 500\nval_size: 0.1\nper_device_eval_batch_size: 4\n`), trainRecords: [300, 2000], gpus: 1 });
    assert.equal(plan.records, 720); // 300 + 500, 80 held out
    assert.equal(plan.eval?.records, 80);
    assert.equal(plan.eval?.batch, 4);
    assert.equal(plan.eval?.accumulation, undefined);
    // fp32 logits of one eval batch: 4 × 2048 (the default cutoff_len) × 152,064-ish vocabulary × 4 bytes ≈ 4.6 GiB.
    assert.ok(
      plan.eval?.logitsGiBPerBatch !== undefined && plan.eval.logitsGiBPerBatch > 4 && plan.eval.logitsGiBPerBatch < 5,
      String(plan.eval?.logitsGiBPerBatch),
    );
  });

  it('writes one checkpoint an epoch with save_strategy epoch, and a full model in bf16 with its optimizer state', () => {
    const plan = runPlan({
      facts: facts(LF.replace('finetuning_type: lora', 'finetuning_type: full') + 'save_strategy: epoch\nnum_train_epochs: 2\n'),
      trainRecords: [100],
      gpus: 1,
    });
    assert.deepEqual([plan.checkpoints.strategy, plan.checkpoints.written, plan.checkpoints.kept], ['epoch', 2, 2]);
    // 7B × (2 bytes of weights + 8 bytes of AdamW moments) ≈ 65 GiB each.
    assert.ok(plan.checkpoints.perCheckpointGiB! > 60 && plan.checkpoints.perCheckpointGiB! < 70, String(plan.checkpoints.perCheckpointGiB));
  });

  it('reads what each trainer does with a record over its limit', () => {
    assert.deepEqual(trainerLimit(facts(`${LF}cutoff_len: 4096\n`)), {
      key: 'cutoff_len',
      limit: 4096,
      configured: true,
      action: 'truncate-pairs',
      packing: false,
      lastTurnsFirst: false,
    });
    assert.equal(trainerLimit(facts(LF.replace('stage: sft', 'stage: pt'))).action, 'split-blocks');
    const axolotl =
      'base_model: Qwen/Qwen2.5-7B\nadapter: lora\nsequence_len: 1024\nmicro_batch_size: 2\nnum_epochs: 1\ndatasets:\n  - path: data.jsonl\n    type: alpaca\n';
    assert.deepEqual([trainerLimit(facts(axolotl)).action, trainerLimit(facts(axolotl)).limit], ['drop', 1024]);
    assert.equal(trainerLimit(facts(`${axolotl}excess_length_strategy: raise\n`)).action, 'raise');
    // Axolotl drops them: the plan counts them out.
    assert.equal(runPlan({ facts: facts(axolotl), trainRecords: [100], droppedRecords: 7, gpus: 1 }).records, 93);
  });

  it('counts the GPUs of every node of the cluster shape, and holds the memory against its cards with their source', () => {
    const settings = { ...defaultSettings(), 'config.gpu.memoryGB': 80 };
    const cluster = clusterFromSlurm('hpc', { nodes: 2, gpusPerNode: 8 }, settings);
    const full = facts(
      `${LF.replace('finetuning_type: lora', 'finetuning_type: full')}per_device_train_batch_size: 2\ngradient_accumulation_steps: 4\ndeepspeed: examples/deepspeed/ds_z3_config.json\n`,
    );
    const plan = runPlan({ facts: full, trainRecords: [10_000], gpus: 1, cluster });
    assert.deepEqual([plan.gpus, plan.nodes, plan.gpusPerNode, plan.globalBatch, plan.stepsPerEpoch], [16, 2, 8, 128, 79]);
    assert.equal(plan.gpuSource, 'tunelab.jobs.slurm "hpc"; tunelab.config.gpu.*');
    const target = plan.memory?.target;
    assert.equal(target?.label, '2×8×80 GiB');
    assert.equal(target?.gpus, 16);
    assert.equal(target?.fits, true);
    assert.equal(target?.source, 'tunelab.jobs.slurm "hpc"; tunelab.config.gpu.*');
    // ZeRO-3 across 16 GPUs: the 7B's 16 bytes a parameter shrink to a sixteenth, well under one card.
    assert.ok(target && target.perGpuGiB < 20, String(target?.perGpuGiB));
  });

  it('takes an SSH host’s nvidia-smi cards as the target', () => {
    const cluster = clusterFromHostGpus('box', [
      { name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564 },
      { name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564 },
    ]);
    assert.ok(cluster);
    const plan = runPlan({ facts: facts(`${LF}per_device_train_batch_size: 1\n`), trainRecords: [100], gpus: 1, cluster });
    assert.equal(plan.gpus, 2);
    assert.equal(plan.memory?.target?.label, '2×24 GiB');
    assert.equal(plan.memory?.target?.source, 'nvidia-smi @ box: NVIDIA GeForce RTX 4090');
  });
});
