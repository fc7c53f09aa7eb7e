import * as assert from 'node:assert/strict';
import { configTooLarge, MAX_CONFIG_SIZE } from '../../../../src/core/config/checkConfig';
import { check, messageOf, textAt } from './configHelper';

/** Merge keys, aliases and the size limit, through the whole check (kind, schema, rules). */
describe('config checks: YAML aliases, merge keys and size', () => {
  const axolotl = [
    '# tunelab: kind=axolotl',
    'base_model: Qwen/Qwen2.5-7B-Instruct',
    'adapter: lora',
    'learning_rate: 0.0002',
    'datasets:',
    '  - &alpaca',
    '    path: tatsu-lab/alpaca',
    '    type: alpaca',
    '    data_files: 5',
    '  - <<: *alpaca',
    '    path: yahma/alpaca-cleaned',
    '  - <<: *alpaca',
    '    path: vicgalle/alpaca-gpt4',
    '',
  ].join('\n');

  it('reads a top-level merge key as its keys: none is "Symbol(<<)", the merged values are checked', () => {
    const text =
      '# tunelab: kind=llamafactory-train\nmodel_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\nfinetuning_type: lora\ndataset: alpaca_zh_demo\ntemplate: qwen\n<<: {lr_scheduler_type: cosinee, learning_rate: 1.0e-4}\n';
    const findings = check(text).findings;
    assert.ok(!findings.some((f) => messageOf(f).includes('Symbol(')), findings.map(messageOf).join('\n'));
    const schema = findings.filter((f) => f.code === 'schema');
    assert.equal(schema.length, 1, findings.map(messageOf).join('\n'));
    assert.match(messageOf(schema[0]), /^lr_scheduler_type must be one of .*did you mean cosine\?/);
    assert.equal(textAt(text, schema[0].range), 'cosinee');
  });

  it('does not report the merge key `<<` as an unknown key', () => {
    const findings = check(axolotl).findings;
    assert.ok(!findings.some((f) => messageOf(f).includes('Symbol(')), findings.map(messageOf).join('\n'));
    assert.ok(!findings.some((f) => f.code === 'unknown-key'), findings.map(messageOf).join('\n'));
  });

  it('checks the merged values, and reports a problem in the shared block once, where it is written', () => {
    const findings = check(axolotl).findings.filter((f) => f.code === 'schema');
    assert.equal(findings.length, 1, findings.map(messageOf).join('\n'));
    assert.equal(textAt(axolotl, findings[0].range), '5');
    assert.match(messageOf(findings[0]), /^datasets\[0\]\.data_files must be text or a list/);
  });

  it("reads a value alias as its anchor's value (not null), so rules see it", () => {
    const text =
      '# tunelab: kind=llamafactory-train\nmodel_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\nfinetuning_type: full\ndataset: alpaca_zh_demo\ntemplate: qwen\nlr: &lr 1.0e-3\nlearning_rate: *lr\n';
    const result = check(text);
    assert.equal(result.document.root?.entries?.find((e) => e.key === 'learning_rate')?.value.value, 1e-3);
    const high = result.findings.filter((f) => f.code === 'lr-too-high');
    assert.equal(high.length, 1, result.findings.map(messageOf).join('\n'));
    assert.equal(textAt(text, high[0].range), 'learning_rate: *lr');
  });

  it('does not parse a file over the size limit and says so in one finding', () => {
    const text = `# tunelab: kind=llamafactory-train\nstage: sft\n${'#'.repeat(MAX_CONFIG_SIZE)}\n`;
    const result = check(text);
    assert.equal(result.kind, undefined);
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.severity, f.range.start.line]),
      [['too-large', 'warning', 0]],
    );
    assert.match(messageOf(result.findings[0]), /^This file is 2\.0 MB; TuneLab checks training configs up to 2\.0 MB/);
    assert.equal(configTooLarge(50_000_000, 'yaml').findings[0].args[0], '50.0');
    assert.deepEqual(check(text, { settings: { 'config.severity': { 'too-large': 'off' } } }).findings, []);
  });
});
