import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planUploads, sha256OfFile } from '../../../../src/core/jobs/uploadPlan';
import { JobStore } from '../../../../src/core/jobs/jobStore';
import type { JobRecord } from '../../../../src/core/jobs/jobRecord';
import { jobTitle, trainerLogPath } from '../../../../src/core/jobs/jobRecord';

function project(info: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'tunelab-plan-'));
  mkdirSync(join(root, 'data', 'shards'), { recursive: true });
  mkdirSync(join(root, 'configs'));
  writeFileSync(join(root, 'configs', 'sft.yaml'), 'stage: sft\n');
  writeFileSync(join(root, 'data', 'dataset_info.json'), typeof info === 'string' ? info : `\uFEFF${JSON.stringify(info)}`);
  writeFileSync(join(root, 'data', 'mine.jsonl'), '{}\n');
  writeFileSync(join(root, 'data', 'shards', 'a.jsonl'), '{}\n');
  writeFileSync(join(root, 'data', 'shards', 'b.jsonl'), '{}\n');
  return root;
}

describe('what a launch uploads', () => {
  const info = {
    mine: { file_name: 'mine.jsonl' },
    sharded: { file_name: 'shards' },
    hub: { hf_hub_url: 'llamafactory/alpaca_en' },
    missing: { file_name: 'nope.json' },
    escape: { file_name: '../../etc/passwd' },
  };

  it('uploads the config, dataset_info.json and every local file of the named datasets, at the same relative paths', () => {
    const root = project(info);
    const plan = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'mine, sharded', eval_dataset: ['mine'] });
    assert.equal(plan.configRemote, 'configs/sft.yaml');
    assert.deepEqual(plan.files.map((f) => f.remote).sort(), ['configs/sft.yaml', 'data/dataset_info.json', 'data/mine.jsonl', 'data/shards/a.jsonl', 'data/shards/b.jsonl']);
    assert.deepEqual(plan.notes, []);
  });

  it('explains what it does not upload: hub datasets, unknown names, missing files, paths outside the project', () => {
    const root = project(info);
    const plan = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'hub,unknown,missing,escape' });
    assert.deepEqual(plan.notes.map((n) => n.args[0]), ['hub', 'unknown', 'missing', 'escape']);
    assert.match(plan.notes[0].message, /hub or the cloud/);
    assert.match(plan.notes[3].message, /not found in the project/);
  });

  it('uploads only the config when the data lives on the host or dataset_info.json is broken', () => {
    const root = project('{ broken');
    assert.match(planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'mine' }).notes[0].message, /not valid JSON/);
    const absolute = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'mine', dataset_dir: '/mnt/data' });
    assert.equal(absolute.files.length, 1);
    assert.match(absolute.notes[0].message, /absolute path/);
    const outside = planUploads(join(root, 'configs', 'sft.yaml'), join(root, 'data'), {});
    assert.equal(outside.configRemote, 'configs/sft.yaml', 'a config outside the project goes to configs/');
  });

  it('hashes files as sha256sum does', async () => {
    const root = project(info);
    assert.equal(await sha256OfFile(join(root, 'data', 'mine.jsonl')), 'ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356');
  });
});

describe('the local job store', () => {
  const record = (id: string, createdAt: number): JobRecord => ({
    id, target: { name: 'gpu', host: 'gpu.lab', port: 22, identityFiles: [], origin: 'ssh-config' }, workdir: '/home/u/runs', jobDir: `/home/u/runs/.tunelab/jobs/${id}`,
    configRemote: 'configs/sft.yaml', outputDir: 'saves/x', command: 'llamafactory-cli train configs/sft.yaml', createdAt, state: 'running',
  });

  it('keeps records in creation order, finds unique prefixes, updates and removes with the journal', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tunelab-store-'));
    const store = new JobStore(folder);
    store.save(record('20261124-100000-bbbb', 2));
    store.save(record('20261124-090000-aaaa', 1));
    store.save(record('20261124-090000-aaab', 3));
    assert.deepEqual(store.list().map((r) => r.createdAt), [1, 2, 3]);
    assert.equal(store.find('20261124-10')?.createdAt, 2);
    assert.equal(store.find('20261124-0900'), undefined, 'ambiguous');
    store.update('20261124-100000-bbbb', { state: 'finished', exitCode: 0 });
    assert.equal(store.get('20261124-100000-bbbb')?.state, 'finished');
    const reopened = new JobStore(folder);
    assert.deepEqual(reopened.list(), store.list(), 'what it keeps in memory is on disk too');
    store.append('20261124-100000-bbbb', { stream: 'trainer-log', offset: 10, points: [{ step: 1, values: { loss: 1 }, source: 'trainer-log' }] });
    assert.equal(store.journal('20261124-100000-bbbb').points.length, 1);
    store.remove('20261124-100000-bbbb');
    assert.equal(store.get('20261124-100000-bbbb'), undefined);
    assert.equal(new JobStore(folder).get('20261124-100000-bbbb'), undefined);
    assert.equal(store.journal('20261124-100000-bbbb').points.length, 0);
    assert.throws(() => store.journal('../escape'), /invalid job id/);
  });

  it('places trainer_log.jsonl under the output dir and titles jobs by config and host', () => {
    assert.equal(trainerLogPath({ workdir: '/home/u/runs/', outputDir: './saves/x/' }), '/home/u/runs/saves/x/trainer_log.jsonl');
    assert.equal(trainerLogPath({ workdir: '/home/u/runs', outputDir: '/abs/out' }), '/abs/out/trainer_log.jsonl');
    assert.equal(trainerLogPath({ workdir: '/home/u/runs' }), undefined);
    assert.equal(jobTitle(record('x', 1)), 'sft.yaml @ gpu');
  });
});
