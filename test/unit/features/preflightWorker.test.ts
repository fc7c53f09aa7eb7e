import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultSettings } from '../../../src/core/settings/settings';
import { runPreflightInWorker } from '../../../src/features/preflight/preflightWorker';

// The transpiled worker (out/src/workers/preflight.js) runs the same code as the bundled one.
const SCRIPT = resolve(__dirname, '../../../src/workers/preflight.js');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-pfw-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'dataset_info.json'), JSON.stringify({ demo: { file_name: 'demo.jsonl' } }));
  const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ instruction: `question ${i}`, input: '', output: `answer ${i}` }));
  writeFileSync(join(dir, 'data', 'demo.jsonl'), lines.join('\n') + '\n');
  const config = [
    'model_name_or_path: Qwen/Qwen2.5-7B-Instruct',
    'stage: sft',
    'do_train: true',
    'finetuning_type: lora',
    'dataset: demo',
    'template: qwen',
    'cutoff_len: 1024',
    'learning_rate: 1.0e-4',
    'output_dir: saves/x',
    '',
  ];
  writeFileSync(join(dir, 'sft.yaml'), config.join('\n'));
  return dir;
}

describe('pre-flight worker', () => {
  it('runs the pre-flight in a worker thread, forwarding the stages and posting the report back', async () => {
    const dir = project();
    const stages: string[] = [];
    const text = readFileSync(join(dir, 'sft.yaml'), 'utf8');
    const run = await runPreflightInWorker(
      SCRIPT,
      { configPath: join(dir, 'sft.yaml'), text, format: 'yaml', settings: defaultSettings(), root: dir, env: process.env },
      { progress: (stage) => stages.push(stage) },
    );
    assert.equal(run.ranIn, 'worker');
    assert.ok(run.report, 'a report');
    assert.equal(run.report.kind, 'llamafactory-train');
    assert.ok(
      run.report.sections.some((s) => s.id === 'tokens'),
      run.report.sections.map((s) => s.id).join(),
    );
    assert.ok(stages.length > 0, 'progress stages forwarded');
  });

  it('rejects with the abort reason when cancelled, and with the error when the worker cannot run', async () => {
    const dir = project();
    const abort = new AbortController();
    const text = 'model_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\ndataset: demo\n';
    const pending = runPreflightInWorker(
      SCRIPT,
      { configPath: join(dir, 'sft.yaml'), text, format: 'yaml', settings: defaultSettings(), root: dir, env: {} },
      { signal: abort.signal },
    );
    abort.abort(new Error('cancelled by the user'));
    await assert.rejects(pending, /cancelled by the user/);
    await assert.rejects(
      runPreflightInWorker(join(dir, 'no-such-worker.js'), { configPath: 'x.yaml', text, format: 'yaml', settings: defaultSettings(), env: {} }),
      /Cannot find module|no-such-worker/,
    );
  });
});
