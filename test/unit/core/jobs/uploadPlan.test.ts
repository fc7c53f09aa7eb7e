import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planUploads, sha256OfFile } from '../../../../src/core/jobs/uploadPlan';
import { JobStore } from '../../../../src/core/jobs/jobStore';
import { isSafeRemoteRelative } from '../../../../src/core/jobs/uploadSafety';
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
    assert.deepEqual(plan.files.map((f) => f.remote).sort(), [
      'configs/sft.yaml',
      'data/dataset_info.json',
      'data/mine.jsonl',
      'data/shards/a.jsonl',
      'data/shards/b.jsonl',
    ]);
    assert.deepEqual(plan.notes, []);
  });

  it('explains what it does not upload: hub datasets, unknown names, missing files, paths outside the project', () => {
    const root = project(info);
    const plan = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'hub,unknown,missing,escape' });
    assert.deepEqual(
      plan.notes.map((n) => n.args[0]),
      ['hub', 'unknown', 'missing', 'escape'],
    );
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

  it('keeps every upload inside the project and the working directory, whatever dataset_dir says', () => {
    const root = project(info);
    const plan = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'mine', dataset_dir: '../outside' });
    assert.deepEqual(
      plan.files.map((f) => f.remote),
      ['configs/sft.yaml'],
    );
    assert.match(plan.notes[0].message, /outside the project/);
    const inner = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'mine', dataset_dir: 'configs/../data' });
    assert.deepEqual(
      inner.files.map((f) => f.remote),
      ['configs/sft.yaml', 'data/dataset_info.json', 'data/mine.jsonl'],
      'a path that stays inside is fine',
    );
  });

  it("uploads a link's target only when it is inside the project, and never a key or credential", () => {
    const root = project({
      ...info,
      leak: { file_name: 'leak.json' },
      alias: { file_name: 'alias.jsonl' },
      env: { file_name: '.env' },
      pem: { file_name: 'shards' },
    });
    const outside = mkdtempSync(join(tmpdir(), 'tunelab-outside-'));
    writeFileSync(join(outside, 'secret.json'), '{"token": "x"}\n');
    symlinkSync(join(outside, 'secret.json'), join(root, 'data', 'leak.json'));
    symlinkSync(join(root, 'data', 'mine.jsonl'), join(root, 'data', 'alias.jsonl'));
    symlinkSync(outside, join(root, 'data', 'shards', 'linked-folder'));
    writeFileSync(join(root, 'data', '.env'), 'HF_TOKEN=hf_x\n');
    writeFileSync(join(root, 'data', 'shards', 'server.pem'), 'x');
    mkdirSync(join(root, 'data', 'shards', '.aws'));
    writeFileSync(join(root, 'data', 'shards', '.aws', 'config.json'), '{}');
    const plan = planUploads(join(root, 'configs', 'sft.yaml'), root, { dataset: 'leak, alias, env, pem' });
    assert.deepEqual(plan.files.map((f) => f.remote).sort(), [
      'configs/sft.yaml',
      'data/alias.jsonl',
      'data/dataset_info.json',
      'data/shards/a.jsonl',
      'data/shards/b.jsonl',
    ]);
    assert.equal(
      plan.files.find((f) => f.remote === 'data/alias.jsonl')?.local,
      realpathSync(join(root, 'data', 'mine.jsonl')),
      'the real file is read, not the link',
    );
    const said = plan.notes.map((n) => `${String(n.args[0])}: ${n.message}`);
    assert.ok(said.includes('data/leak.json: {0} is a link to a file outside the project: not uploaded.'), said.join('\n'));
    assert.ok(said.includes('data/shards/linked-folder: {0} is a link to a file outside the project: not uploaded.'), 'a linked folder outside is named too');
    for (const name of ['data/.env', 'data/shards/server.pem', 'data/shards/.aws/config.json'])
      assert.ok(said.includes(`${name}: {0} looks like a key or credential ({1}): never uploaded.`), name);
  });

  it('tells remote paths that stay inside the working directory from those that do not', () => {
    for (const ok of ['a', 'data/x.json', 'd/..x', '配置/a b.yaml']) assert.equal(isSafeRemoteRelative(ok), true, ok);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a/./b', 'a//b', 'a/', '..', 'a\\..\\b', 'a\0b'])
      assert.equal(isSafeRemoteRelative(bad), false, bad);
  });

  it('hashes files as sha256sum does', async () => {
    const root = project(info);
    assert.equal(await sha256OfFile(join(root, 'data', 'mine.jsonl')), 'ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356');
  });
});

describe('the local job store', () => {
  const record = (id: string, createdAt: number): JobRecord => ({
    id,
    target: { name: 'gpu', host: 'gpu.lab', port: 22, identityFiles: [], origin: 'ssh-config' },
    workdir: '/home/u/runs',
    jobDir: `/home/u/runs/.tunelab/jobs/${id}`,
    configRemote: 'configs/sft.yaml',
    outputDir: 'saves/x',
    command: 'llamafactory-cli train configs/sft.yaml',
    createdAt,
    state: 'running',
  });

  it('keeps records in creation order, finds unique prefixes, updates and removes with the journal', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tunelab-store-'));
    const store = new JobStore(folder);
    store.save(record('20261124-100000-bbbb', 2));
    store.save(record('20261124-090000-aaaa', 1));
    store.save(record('20261124-090000-aaab', 3));
    assert.deepEqual(
      store.list().map((r) => r.createdAt),
      [1, 2, 3],
    );
    assert.equal(store.find('20261124-10')?.createdAt, 2);
    assert.equal(store.find('20261124-0900'), undefined, 'ambiguous');
    assert.deepEqual(
      store.matching('20261124-0900').map((r) => r.id),
      ['20261124-090000-aaaa', '20261124-090000-aaab'],
    );
    assert.deepEqual(
      store.matching('20261124-090000-aaaa').map((r) => r.id),
      ['20261124-090000-aaaa'],
    );
    assert.deepEqual(store.matching(''), []);
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
