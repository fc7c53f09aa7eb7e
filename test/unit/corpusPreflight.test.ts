import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkConfig } from '../../src/core/config/checkConfig';
import type { ConfigFinding } from '../../src/core/config/configFindings';
import { checkConfigData } from '../../src/core/preflight/configData/checkConfigData';
import { datasetNameRefs } from '../../src/core/preflight/configData/datasetNames';
import { checkDatasetInfo } from '../../src/core/preflight/datasetInfo/checkDatasetInfo';
import { loadConfigDataFiles, loadDatasetInfoFiles } from '../../src/core/preflight/loadPreflightData';
import { defaultSettings } from '../../src/core/settings/settings';
import { repoRoot } from '../repoRoot';

/**
 * The pre-flight data checks on LLaMA-Factory's own repository (docs/preflight.md, "Measured"):
 * every example config's datasets resolve, and the findings are exactly the hand-judged ones.
 * Pending without the corpus.
 */
const corpus = join(process.env.TUNELAB_CORPUS ?? join(repoRoot(), '..', 'shared', 'corpus'), 'llamafactory');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe("pre-flight data checks on LLaMA-Factory's examples and data", function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(join(corpus, 'data', 'dataset_info.json'))) {
      console.log(`    corpus not found at ${corpus}: skipping (set TUNELAB_CORPUS to run these)`);
      this.skip();
    }
  });

  it('resolves every dataset of every example config, and finds only the judged problems', async () => {
    const found: string[] = [];
    let configs = 0;
    let names = 0;
    let resolved = 0;
    for (const file of yamlFiles(join(corpus, 'examples')).sort()) {
      const text = readFileSync(file, 'utf8');
      const check = checkConfig(text, 'yaml', { settings: defaultSettings(), fileName: file });
      if (!check.kind?.startsWith('llamafactory-')) continue;
      configs++;
      const files = await loadConfigDataFiles(check.document, text, file, corpus);
      const refs = datasetNameRefs(check.document, text);
      names += refs.length;
      resolved += refs.filter((r) => files.info?.byName.has(r.name)).length;
      const findings: ConfigFinding[] = checkConfigData({ document: check.document, text, info: files.info, dataFiles: files.dataFiles });
      found.push(...findings.map((f) => `${relative(corpus, file)}:${f.range.start.line + 1} ${f.code} ${String(f.args[0])}`));
    }
    assert.equal(configs, 66);
    assert.equal(names, 100);
    assert.equal(resolved, 96, '100 names: 96 defined, 2 on a REMOTE: dataset_dir, med and math undefined');
    assert.deepEqual(found, [
      'examples/extras/asft/llama2_full_asft.yaml:14 unknown-dataset med',
      'examples/extras/asft/qwen2_full_asft.yaml:14 unknown-dataset math',
    ]);
  });

  it('finds in data/dataset_info.json only the files missing from the corpus copy and the datasets no example uses', async () => {
    const loaded = await loadDatasetInfoFiles(join(corpus, 'data', 'dataset_info.json'), { projectRoot: corpus });
    const { findings } = checkDatasetInfo({ info: loaded.info, dataFiles: loaded.dataFiles, usedNames: loaded.usedNames });
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    assert.deepEqual(counts, { 'unused-dataset': 7, 'data-file-missing': 4 });
    assert.deepEqual(
      findings.filter((f) => f.code === 'data-file-missing').map((f) => f.args[0]),
      ['mllm_audio_demo.json', 'mllm_video_demo.json', 'mllm_video_audio_demo.json', 'wiki_demo.txt'],
    );
  });
});
