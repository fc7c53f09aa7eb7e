import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import type { CheckReport } from '../../../src/cli/output/jsonReport';
import { repoRoot } from '../../repoRoot';
import { cli, workspace } from './cliHarness';

const SFT = `model_name_or_path: Qwen/Qwen2.5-72B-Instruct
stage: sft
do_train: true
finetuning_type: full
learning_rat: 1.0e-6
lr_scheduler_type: cosin
output_dir: out
`;
const ACCELERATE = 'compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nnum_machines: 1\nnum_processes: 2\n';
const DEEPSPEED = JSON.stringify({ train_batch_size: 'auto', zero_optimization: { stage: 3 } });

describe('tunelab check on training configs', function () {
  this.timeout(30_000);

  it('prints config findings in the same format, then the kind, counts and memory estimate', async () => {
    const dir = workspace({ 'sft.yaml': SFT });
    const run = await cli(['check', 'sft.yaml'], dir);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines.shift() ?? '', /^sft\.yaml:1:1 warning sharding-required Training this 72B model \(full\) takes about 1073\.9 GiB per GPU/);
    assert.match(lines[0], /^sft\.yaml:2:1 warning lr-too-high learning_rate is not set and defaults to 5\.0e-5, 51× the recommendation/);
    assert.equal(lines[1], 'sft.yaml:5:1 warning unknown-key Unknown key learning_rat; did you mean learning_rate?');
    assert.match(lines[2], /^sft\.yaml:6:20 error schema lr_scheduler_type must be one of .*; did you mean cosine\?$/);
    assert.equal(lines[3], 'sft.yaml: LLaMA-Factory training config (llamafactory-train), 1 errors, 3 warnings, 0 notes');
    assert.match(lines[4], /^ {2}GPU memory ≈ \d+\.\d GiB on one GPU · 1×24 GiB ✗ · 2×80 GiB ✗ · 4×80 GiB ✗$/);
    assert.equal(run.code, 1, 'a schema error fails the default --fail-on error');
  });

  it('takes the cluster from --gpus, --nodes and --gpu-memory, and says so in the findings', async () => {
    const dir = workspace({ 'sft.yaml': SFT.replace('72B', '7B') + 'per_device_train_batch_size: 1\ndeepspeed: examples/deepspeed/ds_z3_config.json\n' });
    const few = await cli(['check', 'sft.yaml', '--gpus', '2', '--gpu-memory', '40'], dir);
    assert.match(few.stdout, /warning gpu-memory Estimated \d+\.\d GiB per GPU .* does not fit the target GPUs, 2 × 40 GiB \(--gpus\/--nodes\/--gpu-memory\)/);
    assert.match(few.stdout, /GPU memory ≈ .* · 2×40 GiB ✗/);
    const more = await cli(['check', 'sft.yaml', '--gpus', '2', '--nodes', '2', '--gpu-memory', '40'], dir);
    assert.doesNotMatch(more.stdout, /gpu-memory/);
    assert.match(more.stdout, /GPU memory ≈ .* · 2×2×40 GiB ✓/);
    const bad = await cli(['check', 'sft.yaml', '--nodes', '0'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--nodes must be a whole number from 1 to 100000/);
  });

  it('gates on warnings too, and in Chinese when asked', async () => {
    const dir = workspace({
      'ppo.yaml':
        'model_name_or_path: Qwen/Qwen2.5-7B\nreward_model: r\nstage: ppo\nfinetuning_type: lora\nlora_rank: 64\nlora_alpha: 16\nlora_target: q_proj,v_proj\n',
    });
    assert.equal((await cli(['check', 'ppo.yaml'], dir)).code, 0);
    const strict = await cli(['check', 'ppo.yaml', '--fail-on', 'warning', '--lang', 'zh-cn'], dir);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /warning max-grad-norm PPO 未设置 max_grad_norm/);
  });

  it('skips YAML and JSON it recognises as other configs, and says so for files named on the command line', async () => {
    const dir = workspace({ 'accelerate.yaml': ACCELERATE, 'ds_z3.json': DEEPSPEED, 'ci.yaml': 'on: push\njobs: {}\n', 'sft.yaml': SFT });
    const walked = JSON.parse((await cli(['check', '.', '--format', 'json'], dir)).stdout) as CheckReport;
    assert.deepEqual(
      walked.files.map((f) => f.path),
      ['sft.yaml'],
    );
    const named = await cli(['check', 'accelerate.yaml', 'ds_z3.json'], dir);
    assert.equal(named.code, 0);
    assert.match(named.stderr, /accelerate\.yaml: Accelerate config \(compute_environment, distributed_type, num_machines\), not checked/);
    assert.match(named.stderr, /ds_z3\.json: DeepSpeed config \(zero_optimization, train_batch_size\), not checked/);
  });

  it('says in the summary when a config kind is not recognised, with the keys seen and how to name it', async () => {
    const dir = workspace({ 'few.yaml': 'model_name_or_path: Qwen/Qwen3-4B\nlora_rank: 8\nnum_train_epochs: 3\n' });
    const run = await cli(['check', '.'], dir);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /few\.yaml: config kind not recognised, not checked \(keys seen: lora_rank \(LLaMA-Factory\)\)\. Name it with "# tunelab: kind=<kind>"/,
    );
  });

  it('lists unrecognised and (named) foreign-format configs in JSON too, with their kind and evidence, matching the schema', async () => {
    const dir = workspace({
      'few.yaml': 'model_name_or_path: Qwen/Qwen3-4B\nlora_rank: 8\nnum_train_epochs: 3\n',
      'accelerate.yaml': ACCELERATE,
      'sft.yaml': SFT,
    });
    const walked = JSON.parse((await cli(['check', '.', '--format', 'json'], dir)).stdout) as CheckReport;
    assert.deepEqual(
      walked.files.map((f) => f.path),
      ['few.yaml', 'sft.yaml'],
    );
    assert.deepEqual(walked.files[0], {
      path: 'few.yaml',
      config: { kind: 'unrecognised', label: 'config kind not recognised', checked: false, decidedBy: 'content', evidence: ['lora_rank (LLaMA-Factory)'] },
      findings: [],
    });
    const named = JSON.parse((await cli(['check', 'accelerate.yaml', 'few.yaml', '--format', 'json', '--lang', 'zh-cn'], dir)).stdout) as CheckReport;
    assert.deepEqual(
      named.files.map((f) => [f.path, f.config?.kind]),
      [
        ['accelerate.yaml', 'accelerate'],
        ['few.yaml', 'unrecognised'],
      ],
    );
    assert.deepEqual(named.files[0].config && 'evidence' in named.files[0].config && named.files[0].config.evidence, [
      'compute_environment',
      'distributed_type',
      'num_machines',
    ]);
    assert.notEqual(named.files[0].config && 'label' in named.files[0].config && named.files[0].config.label, 'Accelerate config', 'the label is localised');
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(walked), JSON.stringify(validate.errors, null, 2));
    assert.ok(validate(named), JSON.stringify(validate.errors, null, 2));
  });

  it('does not read a YAML past the config size limit, and says so in one finding', async () => {
    const dir = workspace({ 'huge.yaml': `stage: sft\n${'- item\n'.repeat(300_000)}` });
    const run = await cli(['check', 'huge.yaml'], dir);
    assert.equal(run.stdout, 'huge.yaml:1:1 warning too-large This file is 2.1 MB; TuneLab checks training configs up to 2.0 MB, so it is not checked.\n');
    assert.equal(run.code, 0);
    assert.equal((await cli(['check', 'huge.yaml', '--fail-on', 'warning'], dir)).code, 1);
    const report = JSON.parse((await cli(['check', 'huge.yaml', '--format', 'json'], dir)).stdout) as CheckReport;
    assert.deepEqual(
      report.files[0].findings.map((f) => [f.code, f.severity, f.line]),
      [['too-large', 'warning', 1]],
    );
  });

  it('checks JSON configs, and still treats JSON datasets as datasets', async () => {
    const dir = workspace({
      'dpo.json': JSON.stringify({ model_name_or_path: 'x', dataset_name: 'y', beta: 'high', loss_type: 'sigmoid' }),
      'data.json': [{ instruction: 'Say hi.', input: '', output: 'Hello, nice to meet you!' }],
    });
    const report = JSON.parse((await cli(['check', '.', '--format', 'json'], dir)).stdout) as CheckReport;
    const config = report.files.find((f) => f.path === 'dpo.json');
    assert.deepEqual(config?.config, { kind: 'trl-dpo', decidedBy: 'content', evidence: ['dataset_name', 'beta', 'loss_type'], strength: 'strong' });
    assert.deepEqual(
      config?.findings.map((f) => [f.code, f.line, f.record]),
      [['schema', 1, 0]],
    );
    assert.equal(report.files.find((f) => f.path === 'data.json')?.summary?.records, 1);
  });

  it('writes JSON matching the documented schema, with the quick fixes as edits', async () => {
    const dir = workspace({ 'sft.yaml': SFT });
    const report = JSON.parse((await cli(['check', 'sft.yaml', '--format', 'json'], dir)).stdout) as CheckReport;
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    const unknown = report.files[0].findings.find((f) => f.code === 'unknown-key');
    assert.ok(unknown && 'fixes' in unknown.data);
    assert.deepEqual(unknown.data.fixes?.[0].edits, [{ range: { start: { line: 4, column: 0 }, end: { line: 4, column: 12 } }, newText: 'learning_rate' }]);
  });

  it('writes SARIF with the config rules', async () => {
    const dir = workspace({ 'sft.yaml': SFT });
    const log = JSON.parse((await cli(['check', 'sft.yaml', '--format', 'sarif'], dir)).stdout) as Sarif.Log;
    const run = log.runs[0];
    const ids = (run.tool.driver.rules ?? []).map((r) => r.id);
    for (const code of ['schema', 'unknown-key', 'kl-out-of-range', 'lr-too-high', 'gpu-memory']) assert.ok(ids.includes(code), code);
    const result = (run.results ?? []).find((r) => r.ruleId === 'unknown-key');
    assert.equal(result?.locations?.[0].physicalLocation?.region?.startLine, 5);
    assert.equal(ids[result?.ruleIndex ?? -1], 'unknown-key');
    assert.deepEqual(result?.properties, { configKind: 'llamafactory-train' });
  });

  it('applies the kind glob map and thresholds from --config', async () => {
    const dir = workspace({
      'rl.yaml': 'model_name_or_path: x\nkl_coef: 0.01\n',
      'tunelab.json': JSON.stringify({ 'tunelab.config.kinds': { '*.yaml': 'trl-ppo' }, 'tunelab.config.kl.min': 0.005 }),
    });
    const report = JSON.parse((await cli(['check', 'rl.yaml', '--format', 'json', '--config', 'tunelab.json'], dir)).stdout) as CheckReport;
    assert.deepEqual(report.files[0].config, { kind: 'trl-ppo', decidedBy: 'override' });
    assert.deepEqual(
      report.files[0].findings.filter((f) => f.code === 'kl-out-of-range'),
      [],
    );
  });
});
