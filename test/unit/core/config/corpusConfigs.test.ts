import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkConfig } from '../../../../src/core/config/checkConfig';
import { keyHoverInfo } from '../../../../src/core/config/editing/keyHoverInfo';
import { defaultSettings } from '../../../../src/core/settings/settings';
import { repoRoot } from '../../../repoRoot';

/**
 * Acceptance on LLaMA-Factory's own example configs (shared corpus; skipped with the reason
 * when absent): every standard config gets zero errors and zero unknown-key warnings, and the
 * accelerate, v1 and token-map files are recognised and left alone.
 */
const corpus = process.env.TUNELAB_CORPUS ?? join(repoRoot(), '..', 'shared', 'corpus');
const examples = join(corpus, 'llamafactory', 'examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe("acceptance on LLaMA-Factory's example configs", () => {
  before(function () {
    if (!existsSync(examples)) {
      console.log(`    corpus not found at ${examples}: skipping (set TUNELAB_CORPUS to run these)`);
      this.skip();
    }
  });

  const run = () =>
    yamlFiles(examples).map((file) => ({
      file: relative(examples, file),
      result: checkConfig(readFileSync(file, 'utf8'), 'yaml', { settings: defaultSettings() }),
    }));

  it('checks all 95 files: 66 standard configs (including Megatron), the rest recognised as other kinds', () => {
    const results = run();
    assert.equal(results.length, 95);
    const checked = results.filter((r) => r.result.kind);
    assert.equal(checked.length, 66);
    const others = results.filter((r) => !r.result.kind).map((r) => r.result.other);
    assert.equal(others.filter((o) => o === 'accelerate').length, 11);
    assert.equal(others.filter((o) => o === 'llamafactory-v1').length, 17);
    assert.equal(others.filter((o) => o === 'token-map').length, 1);
  });

  it('finds zero errors and zero unknown keys in any of them', () => {
    const bad = run().flatMap(({ file, result }) =>
      result.findings.filter((f) => f.severity === 'error' || f.code === 'unknown-key').map((f) => `${file}:${f.range.start.line + 1} ${f.code}`),
    );
    assert.deepEqual(bad, []);
  });

  it('has a described hover for every key of every standard config', () => {
    let keys = 0;
    for (const { file, result } of run()) {
      if (!result.kind || !result.facts) continue;
      for (const entry of result.document.root?.entries ?? []) {
        const info = keyHoverInfo(entry.key, result.kind, result.facts, defaultSettings());
        assert.ok(info?.catalog.description, `${file}: ${entry.key}`);
        keys++;
      }
    }
    assert.ok(keys > 1000, `${keys} keys`);
  });

  it('gives nothing at all to accelerate, v1 and token-map files', () => {
    for (const { file, result } of run()) {
      if (!result.kind) assert.deepEqual(result.findings, [], file);
    }
  });

  it('flags the last PPO example for its gradient clip and explains the adaptive KL', () => {
    const file = join(corpus, 'llamafactory', 'examples-removed', 'llama3_lora_ppo.yaml');
    const codes = checkConfig(readFileSync(file, 'utf8'), 'yaml', { settings: defaultSettings() }).findings.map((f) => f.code);
    assert.ok(codes.includes('max-grad-norm'));
    assert.ok(codes.includes('ppo-adaptive-kl'));
    assert.ok(!codes.includes('kl-out-of-range'));
  });
});
