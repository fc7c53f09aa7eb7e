import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ConfigFinding } from '../../../../src/core/config/configFindings';
import { checkDatasetInfo } from '../../../../src/core/preflight/datasetInfo/checkDatasetInfo';
import type { DataFileFacts } from '../../../../src/core/preflight/datasetInfo/dataFile';
import { parseDatasetInfo } from '../../../../src/core/preflight/datasetInfo/datasetInfoModel';
import { loadDatasetInfoFiles, sampleRecords } from '../../../../src/core/preflight/loadPreflightData';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { repoRoot } from '../../../repoRoot';

const project = join(repoRoot(), 'test', 'fixtures', 'workspace', 'preflight');

/** `line:code` of each finding (1-based line), sorted, so a test names exactly where each one fires. */
const where = (findings: readonly ConfigFinding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.code}`).sort();

function facts(fileName: string, records: unknown[] | undefined, extra: Partial<DataFileFacts> = {}): [string, DataFileFacts] {
  return [fileName, { fileName, path: `/data/${fileName}`, exists: true, isDirectory: false, records, ...extra }];
}

describe('dataset_info.json against its data (planted fixture project)', () => {
  it('fires each planted finding at its entry, and nothing on the good entries or the hub one', async () => {
    const loaded = await loadDatasetInfoFiles(join(project, 'data', 'dataset_info.json'), { projectRoot: project });
    const { findings } = checkDatasetInfo({ info: loaded.info, dataFiles: loaded.dataFiles, usedNames: loaded.usedNames });
    assert.deepEqual(where(findings), [
      '30:column-missing', // wrong_columns: "questoin"
      '35:data-file-missing', // missing_file: not_there.json
      '37:formatting-mismatch', // chat_as_alpaca: messages read as alpaca
      '40:tags-mismatch', // openai_default_tags: no "from" key
      '40:tags-mismatch', // … and no "value" key
      '47:ranking-mismatch', // pairs_no_ranking
      '56:mixed-file-types', // mixed/: json + csv
      '61:unused-dataset', // unused_local
    ]);
    const byCode = (code: string) => findings.find((f) => f.code === code)!;
    assert.equal(byCode('column-missing').args.at(-1), 'question', 'did you mean the closest column');
    assert.deepEqual(byCode('column-missing').range, { start: { line: 29, column: 16 }, end: { line: 29, column: 26 } }, 'at the column value');
    assert.equal(byCode('data-file-missing').severity, 'error');
    assert.equal(byCode('mixed-file-types').severity, 'error');
    assert.equal(byCode('unused-dataset').severity, 'info');
    assert.deepEqual([...loaded.usedNames!].sort(), [
      'chat_as_alpaca',
      'good_alpaca',
      'good_alpaka',
      'good_dpo',
      'good_kto',
      'good_sharegpt',
      'hub_dataset',
      'missing_file',
      'mixed_types',
      'openai_default_tags',
      'pairs_no_ranking',
      'wrong_columns',
    ]);
  });

  it('says nothing is unused when no config of the project uses this dataset_info.json', () => {
    const info = parseDatasetInfo('{"a": {"file_name": "a.json"}}');
    assert.deepEqual(checkDatasetInfo({ info, dataFiles: new Map() }).findings, []);
    assert.deepEqual(checkDatasetInfo({ info, dataFiles: new Map(), usedNames: new Set() }).findings, []);
  });

  it('reads columns and tags as LLaMA-Factory does: a written object replaces every default', () => {
    const info = parseDatasetInfo(
      JSON.stringify({
        pt: { file_name: 'c4.jsonl', columns: { prompt: 'text' } },
        chat: { file_name: 'c.json', formatting: 'sharegpt', tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' } },
      }),
    );
    const pt = info.byName.get('pt')!;
    assert.deepEqual(Object.keys(pt.columns), ['prompt'], 'no query / response default once columns is written');
    const chat = info.byName.get('chat')!;
    assert.equal(chat.columns.messages.value, 'conversations');
    assert.equal(chat.tags.system_tag, undefined, 'a tags object without system_tag accepts no system role');
    const dataFiles = new Map([facts('c4.jsonl', [{ text: 'a document' }, { text: 'another' }])]);
    assert.deepEqual(checkDatasetInfo({ info, dataFiles }).findings, [], 'pre-training text with columns.prompt is fine');
  });

  it('flags role values that are none of the tags, at the tag that would accept them', () => {
    const text = JSON.stringify({ d: { file_name: 'd.json', formatting: 'sharegpt' } }, null, 2);
    const dataFiles = new Map([
      facts('d.json', [
        {
          conversations: [
            { from: 'user', value: 'hi' },
            { from: 'assistant', value: 'hello' },
          ],
        },
      ]),
    ]);
    const { findings } = checkDatasetInfo({ info: text, dataFiles });
    assert.deepEqual(where(findings), ['2:tags-mismatch']);
    assert.match(String(findings[0].args[0]), /^user, assistant$/);
  });

  it('needs chosen and rejected columns for ranking: true, and a folder that is not empty', () => {
    const text = JSON.stringify({ pref: { file_name: 'p.json', ranking: true }, folder: { file_name: 'empty' }, nothing: { formatting: 'alpaca' } }, null, 2);
    const dataFiles = new Map([
      facts('p.json', [{ instruction: 'a', chosen: 'b', rejected: 'c' }]),
      facts('empty', undefined, { isDirectory: true, files: [] }),
    ]);
    const { findings } = checkDatasetInfo({ info: text, dataFiles });
    assert.deepEqual(where(findings), ['4:column-missing', '7:mixed-file-types', '9:data-file-missing']);
  });

  it('leaves alpaca records without "input" alone (query is optional) and sharegpt with the default tags alone', () => {
    const text = JSON.stringify({ a: { file_name: 'a.json' }, s: { file_name: 's.json', formatting: 'sharegpt' } });
    const dataFiles = new Map([
      facts('a.json', [{ instruction: 'x', output: 'y' }]),
      facts('s.json', [
        {
          conversations: [
            { from: 'system', value: 's' },
            { from: 'human', value: 'x' },
            { from: 'gpt', value: 'y' },
          ],
        },
      ]),
    ]);
    assert.deepEqual(checkDatasetInfo({ info: text, dataFiles }).findings, []);
  });

  it('applies tunelab.config.severity and restricts to the entries a pre-flight asks for', () => {
    const text = JSON.stringify({ a: { file_name: 'gone.json' }, b: { file_name: 'also_gone.json' } });
    const dataFiles = new Map([facts('gone.json', undefined, { exists: false }), facts('also_gone.json', undefined, { exists: false })]);
    assert.equal(checkDatasetInfo({ info: text, dataFiles, onlyNames: new Set(['b']) }).findings.length, 1);
    const settings = { ...defaultSettings(), 'config.severity': { 'data-file-missing': 'warning' as const } };
    assert.deepEqual(
      checkDatasetInfo({ info: text, dataFiles, settings }).findings.map((f) => f.severity),
      ['warning', 'warning'],
    );
    const off = { ...defaultSettings(), 'config.severity': { 'data-file-missing': 'off' as const } };
    assert.deepEqual(checkDatasetInfo({ info: text, dataFiles, settings: off }).findings, []);
  });

  it('reads only the head of a data file: the first records of an array or of JSON Lines', async () => {
    assert.equal((await sampleRecords(join(project, 'data', 'good_alpaca.json'), 1)).length, 1);
    assert.deepEqual(await sampleRecords(join(project, 'data', 'good_sharegpt.jsonl'), 5).then((r) => r.length), 2);
  });
});
