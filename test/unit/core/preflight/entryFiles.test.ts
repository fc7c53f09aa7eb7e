import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataFiles } from '../../../../src/core/preflight/dataFiles';
import { resolveEntryFiles } from '../../../../src/core/preflight/entryFiles';
import { inspectDataFile } from '../../../../src/core/preflight/loadPreflightData';

const record = JSON.stringify({ instruction: 'q', input: '', output: 'a' });

describe('one resolver for dataset_info.json entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-entry-'));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'shards', 'nested'), { recursive: true });
  mkdirSync(join(data, 'sub'), { recursive: true });
  writeFileSync(join(data, 'shards', 'b.jsonl'), record + '\n');
  writeFileSync(join(data, 'shards', 'a.jsonl'), record + '\n');
  writeFileSync(join(data, 'shards', 'nested', 'c.jsonl'), record + '\n');
  writeFileSync(join(data, 'sub', 'train.jsonl'), record + '\n');
  const info = { folder: { file_name: 'shards' }, nested: { file_name: 'sub/train.jsonl' }, glob: { file_name: 'shards/*.jsonl' } };
  writeFileSync(join(data, 'dataset_info.json'), JSON.stringify(info));

  it("lists a folder as LLaMA-Factory's loader does (its files, not recursive, in name order), a subfolder path as that file, and never expands a glob", async () => {
    const folder = await resolveEntryFiles(data, 'shards');
    assert.deepEqual(folder.names, ['a.jsonl', 'b.jsonl']);
    assert.deepEqual(folder.files, [join(data, 'shards', 'a.jsonl'), join(data, 'shards', 'b.jsonl')]);
    assert.deepEqual((await resolveEntryFiles(data, 'sub/train.jsonl')).files, [join(data, 'sub', 'train.jsonl')]);
    const glob = await resolveEntryFiles(data, 'shards/*.jsonl');
    assert.equal(glob.exists, false);
    assert.deepEqual(glob.files, []);
  });

  it('gives the data checks and the token count the same files', async () => {
    const resolution = await resolveDataFiles('llamafactory', { dataset: 'folder, nested, glob' }, [dir], join(dir, 'sft.yaml'));
    assert.deepEqual(
      resolution.train.map((d) => [d.name, d.files]),
      [
        ['folder', [join(data, 'shards', 'a.jsonl'), join(data, 'shards', 'b.jsonl')]],
        ['nested', [join(data, 'sub', 'train.jsonl')]],
      ],
    );
    assert.deepEqual(resolution.unresolved, [{ name: 'glob', reason: 'missing' }]);
    const facts = await inspectDataFile(data, 'shards');
    assert.deepEqual(facts.files, ['a.jsonl', 'b.jsonl']);
    assert.equal(facts.sampledFile, 'shards/a.jsonl');
    assert.equal((await inspectDataFile(data, 'shards/*.jsonl')).exists, false);
  });
});
