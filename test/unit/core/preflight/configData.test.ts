import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigFinding } from '../../../../src/core/config/configFindings';
import { parseConfig } from '../../../../src/core/config/document/parseConfig';
import { checkConfigData } from '../../../../src/core/preflight/configData/checkConfigData';
import { datasetNameRefs } from '../../../../src/core/preflight/configData/datasetNames';
import { familyOfModel, familyOfTemplate } from '../../../../src/core/preflight/configData/modelTemplates';
import { parseDatasetInfo } from '../../../../src/core/preflight/datasetInfo/datasetInfoModel';
import { loadConfigDataFiles } from '../../../../src/core/preflight/loadPreflightData';
import { repoRoot } from '../../../repoRoot';

const project = join(repoRoot(), 'test', 'fixtures', 'workspace', 'preflight');
const where = (findings: readonly ConfigFinding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.range.start.column + 1}:${f.code}`);

async function check(name: string): Promise<ConfigFinding[]> {
  const path = join(project, 'configs', name);
  const text = readFileSync(path, 'utf8');
  const document = parseConfig(text, 'yaml');
  const files = await loadConfigDataFiles(document, text, path, project);
  assert.ok(files.info, `${name}: dataset_info.json found`);
  return checkConfigData({ document, text, info: files.info, dataFiles: files.dataFiles });
}

describe('config ↔ dataset_info.json ↔ data (planted fixture project)', () => {
  it('finds nothing in the configs whose data fit', async () => {
    for (const name of ['sft_ok.yaml', 'dpo_ok.yaml', 'kto_ok.yaml']) assert.deepEqual(where(await check(name)), [], name);
  });

  it('flags DPO on SFT data as an error at the dataset name', async () => {
    const findings = await check('dpo_on_sft_data.yaml');
    assert.deepEqual(where(findings), ['5:10:stage-data-mismatch']);
    assert.equal(findings[0].severity, 'error');
  });

  it("flags a template of another model family at the template value, naming the family's own", async () => {
    const findings = await check('template_mismatch.yaml');
    assert.deepEqual(where(findings), ['6:11:template-mismatch']);
    assert.equal(findings[0].severity, 'warning');
    assert.match(String(findings[0].args[4]), /^qwen, qwen3, /);
  });

  it('flags an unknown name with "did you mean", and a missing file, each at its own name in the list', async () => {
    const findings = await check('typo_and_missing.yaml');
    assert.deepEqual(where(findings), ['5:10:unknown-dataset', '5:22:data-file-missing']);
    assert.deepEqual(findings[0].args, ['good_alpaka', 'good_alpaca']);
    assert.equal(findings[0].data.fixes?.[0].edits[0].newText, 'good_alpaca');
    assert.deepEqual(findings[0].range, { start: { line: 4, column: 9 }, end: { line: 4, column: 20 } });
  });
});

describe('config ↔ data rules', () => {
  const info = parseDatasetInfo(
    JSON.stringify({
      sft: { file_name: 'sft.json' },
      pref: { file_name: 'p.json', ranking: true, columns: { prompt: 'instruction', chosen: 'chosen', rejected: 'rejected' } },
      chat: { file_name: 'c.json', formatting: 'sharegpt' },
      text: { file_name: 't.json', columns: { prompt: 'text' } },
    }),
  );
  const dataFiles = new Map([
    ['sft.json', { fileName: 'sft.json', path: '/d/sft.json', exists: true, isDirectory: false, records: [{ instruction: 'a', input: '', output: 'b' }] }],
  ]);
  const run = (yaml: string) => {
    const document = parseConfig(yaml, 'yaml');
    return checkConfigData({ document, text: yaml, info, dataFiles });
  };

  it('refuses preference data outside rm / dpo, and wants it in rm', () => {
    assert.deepEqual(where(run('stage: sft\ndataset: pref\n')), ['2:10:stage-data-mismatch']);
    assert.deepEqual(where(run('stage: rm\ndataset: sft\n')), ['2:10:stage-data-mismatch']);
    assert.deepEqual(where(run('stage: rm\ndataset: pref\n')), []);
    assert.deepEqual(where(run('dataset: pref\n')), ['1:10:stage-data-mismatch'], 'stage defaults to sft');
  });

  it('warns on KTO without a kto_tag column and on pre-training over chat data, not over text', () => {
    const kto = run('stage: kto\ndataset: sft\n');
    assert.deepEqual(where(kto), ['2:10:stage-data-mismatch']);
    assert.equal(kto[0].severity, 'warning');
    assert.deepEqual(where(run('stage: pt\ndataset: chat, sft\n')), ['2:10:stage-data-mismatch', '2:16:stage-data-mismatch']);
    assert.deepEqual(where(run('stage: pt\ndataset: text\n')), []);
  });

  it('checks eval_dataset and YAML lists of names too', () => {
    assert.deepEqual(where(run('dataset:\n  - sft\n  - sftt\neval_dataset: "pref"\n')), ['3:5:unknown-dataset', '4:16:stage-data-mismatch']);
  });

  it('says nothing without a dataset_info.json', () => {
    const document = parseConfig('dataset: whatever\n', 'yaml');
    assert.deepEqual(checkConfigData({ document, text: 'dataset: whatever\n', dataFiles: new Map() }), []);
  });

  it("finds each name's exact position in a comma-separated value, quoted or not", () => {
    const yaml = 'dataset: identity, alpaca_en_demo\neval_dataset: "a,b"\n';
    assert.deepEqual(
      datasetNameRefs(parseConfig(yaml, 'yaml'), yaml).map((r) => `${r.name}@${r.range.start.line}:${r.range.start.column}-${r.range.end.column}`),
      ['identity@0:9-17', 'alpaca_en_demo@0:19-33', 'a@1:15-16', 'b@1:17-18'],
    );
  });
});

describe('model family → template table', () => {
  it('knows the families of the corpus models, and says nothing when a name has none or several', () => {
    assert.equal(familyOfModel('Qwen/Qwen2.5-7B-Instruct'), 'qwen');
    assert.equal(familyOfModel('meta-llama/Llama-3.2-1B-Instruct'), 'llama3');
    assert.equal(familyOfModel('models/Llama-2-7b'), 'llama2');
    assert.equal(familyOfModel('huggyllama/llama-30b'), undefined);
    assert.equal(familyOfModel('deepseek-ai/DeepSeek-R1-Distill-Qwen-7B'), undefined, 'two families: say nothing');
    assert.equal(familyOfModel('OpenMOSS-Team/MOSS-VL-Instruct-0708'), undefined);
    assert.equal(familyOfTemplate('qwen3_vl_nothink'), 'qwen');
    assert.equal(familyOfTemplate('chatml'), undefined, 'generic templates belong to no family');
  });

  it('leaves a config alone when either side is unknown or both are one family', () => {
    const run = (yaml: string) => checkConfigData({ document: parseConfig(yaml, 'yaml'), text: yaml, dataFiles: new Map() });
    assert.deepEqual(run('model_name_or_path: Qwen/Qwen3-4B\ntemplate: qwen3_nothink\n'), []);
    assert.deepEqual(run('model_name_or_path: my-model\ntemplate: llama3\n'), []);
    assert.deepEqual(run('model_name_or_path: Qwen/Qwen3-4B\ntemplate: chatml\n'), []);
    assert.deepEqual(where(run('model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\ntemplate: llama2\n')), ['2:11:template-mismatch']);
  });
});
