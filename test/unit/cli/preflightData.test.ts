import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { CheckReport } from '../../../src/cli/output/jsonReport';
import { repoRoot } from '../../repoRoot';
import { cli, workspace } from './cliHarness';

const project = join(repoRoot(), 'test', 'fixtures', 'workspace', 'preflight');

describe('tunelab check: dataset_info.json and configs against their data', function () {
  this.timeout(30_000);

  it('checks a dataset_info.json named on the command line against its files, and fails on its errors', async () => {
    const run = await cli(['check', 'data/dataset_info.json'], project);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 9);
    assert.equal(
      lines[0],
      'data/dataset_info.json:30:17 warning column-missing Column questoin (prompt) is not in the first 2 records of qa_pairs.jsonl; they have: answer, question. Did you mean question?',
    );
    assert.match(
      lines[1],
      /^data\/dataset_info\.json:35:18 error data-file-missing not_there\.json does not exist \(.*not_there\.json\): LLaMA-Factory stops with "File not found"\.$/,
    );
    assert.equal(lines[8], 'data/dataset_info.json: dataset_info.json, 12 datasets (11 local), 2 errors, 5 warnings, 1 notes');
    assert.equal(run.code, 1);
  });

  it('adds the config ↔ data findings to a LLaMA-Factory config, at the dataset name', async () => {
    const run = await cli(['check', 'configs/typo_and_missing.yaml', 'configs/dpo_on_sft_data.yaml', 'configs/template_mismatch.yaml'], project);
    assert.match(
      run.stdout,
      /^configs\/typo_and_missing\.yaml:5:10 error unknown-dataset Dataset good_alpaka is not in dataset_info\.json; did you mean good_alpaca\? LLaMA-Factory stops with "Undefined dataset"\.$/m,
    );
    assert.match(run.stdout, /^configs\/typo_and_missing\.yaml:5:22 error data-file-missing Dataset missing_file reads not_there\.json/m);
    assert.match(
      run.stdout,
      /^configs\/dpo_on_sft_data\.yaml:5:10 error stage-data-mismatch Stage dpo needs preference data, but dataset good_alpaca has no ranking: true/m,
    );
    assert.match(
      run.stdout,
      /^configs\/template_mismatch\.yaml:6:11 warning template-mismatch Template llama3 is for llama3 models, but Qwen\/Qwen2\.5-7B-Instruct is a qwen model/m,
    );
    assert.equal(run.code, 1);
    const clean = await cli(['check', 'configs/sft_ok.yaml', 'configs/dpo_ok.yaml', 'configs/kto_ok.yaml', '--format', 'json'], project);
    const report = JSON.parse(clean.stdout) as CheckReport;
    assert.deepEqual(
      report.files.flatMap((f) => f.findings.map((x) => x.code)).filter((c) => !c.endsWith('stable-default')),
      [],
    );
    assert.equal(clean.code, 0);
  });

  it('writes JSON matching the documented schema, in Chinese when asked', async () => {
    const run = await cli(['check', 'data/dataset_info.json', 'configs/typo_and_missing.yaml', '--format', 'json', '--lang', 'zh-cn'], project);
    const report = JSON.parse(run.stdout) as CheckReport;
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'check-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const info = report.files.find((f) => f.path === 'data/dataset_info.json');
    assert.deepEqual(
      info?.findings.map((f) => `${f.line}:${f.code}`),
      [
        '30:column-missing',
        '35:data-file-missing',
        '37:formatting-mismatch',
        '40:tags-mismatch',
        '40:tags-mismatch',
        '47:ranking-mismatch',
        '56:mixed-file-types',
        '61:unused-dataset',
      ],
    );
    assert.match(info?.findings[1].message ?? '', /[\u4e00-\u9fff]/);
  });

  it('says nothing about datasets when it finds no dataset_info.json', async () => {
    const dir = workspace({
      'sft.yaml': 'model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: mine\ntemplate: qwen\noutput_dir: out\n',
    });
    const run = await cli(['check', 'sft.yaml'], dir);
    assert.doesNotMatch(run.stdout, /unknown-dataset|data-file-missing/);
  });
});
