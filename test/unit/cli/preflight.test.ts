import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qwenTokenizerDir } from '../core/preflight/qwenTokenizer';
import { cli, workspace } from './cliHarness';

/** A LLaMA-Factory project: a config, data/dataset_info.json and an alpaca file with two records far over cutoff_len. */
function project(extra = ''): string {
  const long = '这是一个很长的回答，用来超过上限。'.repeat(40);
  const records = Array.from({ length: 30 }, (_, i) => ({ instruction: `问题 ${i}`, input: '', output: i === 4 || i === 17 ? long : `回答 ${i}` }));
  const dir = workspace({
    'sft.yaml': `model_name_or_path: Qwen/Qwen3-0.6B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: demo\ntemplate: qwen3\ncutoff_len: 128\noutput_dir: saves/x\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 4\nnum_train_epochs: 2\nwarmup_ratio: 0.1\nsave_steps: 2\nsave_total_limit: 1\n${extra}`,
  });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'dataset_info.json'), JSON.stringify({ demo: { file_name: 'demo.jsonl' } }));
  writeFileSync(join(dir, 'data', 'demo.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe('tunelab preflight', function () {
  this.timeout(60_000);

  it('names the records over cutoff_len with the model tokenizer, what LLaMA-Factory does, and the run plan', async () => {
    const dir = project();
    const run = await cli(['preflight', 'sft.yaml', '--tokenizer', qwenTokenizerDir(), '--gpus', '2'], dir, { HF_HOME: dir, HOME: dir });
    assert.equal(run.code, 0, run.stderr); // a warning does not fail at the default --fail-on error
    assert.match(
      run.stdout,
      /^sft\.yaml:7:1 warning over-cutoff 2 of 30 training records are longer than cutoff_len = 128 tokens .*LLaMA-Factory truncates them/m,
    );
    assert.match(run.stdout, /data\/demo\.jsonl:5 \(record 5\): \d+ tokens, \d+ over; keeps \d+ of \d+ prompt and \d+ of \d+ response tokens, 0 turns dropped/);
    assert.match(run.stdout, /data\/demo\.jsonl:18 \(record 18\)/);
    assert.match(run.stdout, /Records rendered with the model's chat template\./);
    // 30 records / (2 × 4 × 2) = 2 steps an epoch, 4 in all; warm-up ceil(0.4) = 1; a checkpoint every 2 steps: 2 written, 1 kept.
    assert.match(run.stdout, /Global batch 16 = 2 per device × 4 accumulation × 2 GPUs \(--gpus\/--nodes\/--gpu-memory\)\./);
    assert.match(run.stdout, /2 steps per epoch × 2 epochs = 4 steps\./);
    assert.match(run.stdout, /Warm-up: 1 steps\./);
    assert.match(run.stdout, /2 checkpoints written \(every 2 steps\), 1 kept\./);
    assert.equal((await cli(['preflight', 'sft.yaml', '--tokenizer', qwenTokenizerDir(), '--fail-on', 'warning'], dir, { HF_HOME: dir, HOME: dir })).code, 1);
  });

  it('says when no tokenizer is found and labels the figures as estimates (a note, not a warning)', async () => {
    const dir = project();
    const run = await cli(['preflight', 'sft.yaml', '--fail-on', 'warning'], dir, { HF_HOME: dir, HOME: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /info tokenizer-missing No tokenizer found for Qwen\/Qwen3-0\.6B/);
    assert.match(run.stdout, /info over-cutoff 2 of 30/);
    assert.match(run.stdout, /## Tokens \(estimated\)/);
    assert.match(run.stdout, /ESTIMATES/);
  });

  it('writes JSON with the findings and each section, and SARIF with the findings', async () => {
    const dir = project('eval_dataset: demo\nper_device_eval_batch_size: 2\n');
    const json = await cli(['preflight', 'sft.yaml', '--tokenizer', qwenTokenizerDir(), '--format', 'json'], dir, { HF_HOME: dir });
    const report = JSON.parse(json.stdout) as {
      findings: Array<{ code: string; line: number }>;
      sections: Array<{ id: string; data: { overLimit?: { count: number }; totalSteps?: number; eval?: { records: number; batch: number } } }>;
      blocking: number;
    };
    assert.deepEqual(
      report.findings.filter((f) => f.code === 'over-cutoff').map((f) => f.line),
      [7],
    );
    assert.equal(report.sections.find((s) => s.id === 'tokens')?.data.overLimit?.count, 2);
    assert.equal(report.sections.find((s) => s.id === 'plan')?.data.totalSteps, 8); // one GPU: 30 / 8 → 4 steps × 2 epochs
    const evaluation = report.sections.find((s) => s.id === 'plan')?.data.eval;
    assert.deepEqual([evaluation?.records, evaluation?.batch], [30, 2], 'eval_dataset counted for the plan');
    assert.equal(report.blocking, 0);
    const sarif = JSON.parse((await cli(['preflight', 'sft.yaml', '--tokenizer', qwenTokenizerDir(), '--format', 'sarif'], dir, { HF_HOME: dir })).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string }> }>;
    };
    assert.deepEqual(
      sarif.runs[0].results.filter((r) => r.ruleId === 'over-cutoff').map((r) => r.level),
      ['warning'],
    );
  });

  it('fails with exit 1 on an error-level finding, and 2 on usage mistakes', async () => {
    const dir = project('learning_rate: not-a-number\n');
    const run = await cli(['preflight', 'sft.yaml', '--tokenizer', qwenTokenizerDir()], dir, { HF_HOME: dir });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, / error schema /);
    assert.equal((await cli(['preflight'], dir)).code, 2);
    assert.equal((await cli(['preflight', 'sft.yaml', '--gpus', '0'], dir)).code, 2);
    assert.equal((await cli(['preflight', 'data/demo.jsonl'], dir)).code, 2);
  });
});
