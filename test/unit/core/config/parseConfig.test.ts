import * as assert from 'node:assert/strict';
import { nodeAtPath, topLevelEntry, topLevelValues } from '../../../../src/core/config/document/configTree';
import { parseJsonConfig } from '../../../../src/core/config/document/parseJsonConfig';
import { parseYamlConfig } from '../../../../src/core/config/document/parseYamlConfig';
import { addKeyEdit, numberLiteral, renameKeyEdit, setValueEdit, valueLiteral } from '../../../../src/core/config/editing/configEdits';
import { applyEdits, textAt } from './configHelper';

describe('config documents', () => {
  describe('YAML', () => {
    const text =
      '# tunelab: kind=llamafactory-train\nmodel_name_or_path: Qwen/Qwen2.5-7B  # the model\nlearning_rate: 2e-5\nbf16: yes\ndataset:\n  - alpaca_zh_demo\n  - identity\n';
    const doc = parseYamlConfig(text);

    it('reads values the way OmegaConf does: 2e-5 is a number, yes is true', () => {
      assert.deepEqual(
        { ...topLevelValues(doc) },
        { model_name_or_path: 'Qwen/Qwen2.5-7B', learning_rate: 2e-5, bf16: true, dataset: ['alpaca_zh_demo', 'identity'] },
      );
    });

    it('keeps exact key and value ranges, without the trailing comment', () => {
      const entry = topLevelEntry(doc, 'model_name_or_path');
      assert.ok(entry);
      assert.equal(textAt(text, entry.keyRange), 'model_name_or_path');
      assert.equal(textAt(text, entry.value.range), 'Qwen/Qwen2.5-7B');
      assert.equal(entry.keyRange.start.line, 1);
      const item = nodeAtPath(doc.root, ['dataset', 1]);
      assert.equal(item && textAt(text, item.node.range), 'identity');
    });

    it('keeps the scalar as written for messages', () => {
      assert.equal(topLevelEntry(doc, 'learning_rate')?.value.source, '2e-5');
    });

    it('collects the header comments for modelines', () => {
      assert.deepEqual(doc.headerComments, ['tunelab: kind=llamafactory-train']);
    });

    it('reports duplicate keys and bad indentation as syntax errors at their place', () => {
      const bad = parseYamlConfig('stage: sft\nstage: dpo\n');
      assert.equal(bad.syntaxErrors.length, 1);
      assert.equal(bad.syntaxErrors[0].range.start.line, 1);
      const broken = parseYamlConfig('a: 1\n b: [\n');
      assert.ok(broken.syntaxErrors.length > 0);
    });

    it('reads merge keys as YAML defines them: own keys win, earlier merged maps win over later ones', () => {
      const d = parseYamlConfig(
        'base: &base\n  lora_rank: 8\n  lora_alpha: 16\nmore: &more\n  lora_alpha: 32\n  lora_dropout: 0.1\ntrain:\n  <<: [*base, *more]\n  lora_rank: 64\n',
      );
      assert.deepEqual(d.syntaxErrors, []);
      const train = nodeAtPath(d.root, ['train']);
      assert.deepEqual(train?.node.value, { lora_rank: 64, lora_alpha: 16, lora_dropout: 0.1 });
      assert.deepEqual(
        train?.node.entries?.map((e) => e.key),
        ['lora_rank', 'lora_alpha', 'lora_dropout'],
      );
      assert.ok(!train?.node.entries?.some((e) => e.key.includes('Symbol')));
    });

    it("merges at the top level, with the merged entries at the anchor's text", () => {
      const text = 'x: &defaults\n  learning_rate: 1.0e-4\n<<: *defaults\nstage: sft\n';
      const d = parseYamlConfig(text);
      assert.equal(topLevelValues(d).learning_rate, 1e-4);
      assert.equal(textAt(text, topLevelEntry(d, 'learning_rate')!.keyRange), 'learning_rate');
    });

    it("reads an alias used as a value as its anchor's value, placed at the alias", () => {
      const text = 'a: &lr 2e-5\nlearning_rate: *lr\ndataset: &ds [alpaca, identity]\neval_dataset: *ds\n';
      const d = parseYamlConfig(text);
      const values = topLevelValues(d);
      assert.equal(values.learning_rate, 2e-5);
      assert.deepEqual(values.eval_dataset, ['alpaca', 'identity']);
      assert.equal(topLevelEntry(d, 'learning_rate')?.value.type, 'number');
      assert.equal(textAt(text, topLevelEntry(d, 'learning_rate')!.value.range), '*lr');
    });

    it('bounds what nested aliases expand to ("billion laughs") with a syntax error', () => {
      const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
      const d = parseYamlConfig(`${levels.join('\n')}\n`);
      assert.ok(d.syntaxErrors.some((e) => /Aliases expand to more than/.test(e.message)));
    });

    it('finds duplicate keys in a map of many keys (each key once, not against every other)', () => {
      const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`);
      const d = parseYamlConfig(`${keys.join('\n')}\nk5: again\n`);
      assert.equal(d.syntaxErrors.length, 1);
      assert.equal(d.syntaxErrors[0].message, 'Map keys must be unique');
      assert.equal(d.syntaxErrors[0].range.start.line, 20_000);
    });

    it('treats an empty file as having no root', () => {
      assert.equal(parseYamlConfig('').root, undefined);
      assert.equal(parseYamlConfig('# only a comment\n').root, undefined);
    });

    it('gives `key:` with nothing after it a null value right after the key', () => {
      const d = parseYamlConfig('reward_model:\nstage: ppo\n');
      const entry = topLevelEntry(d, 'reward_model');
      assert.equal(entry?.value.type, 'null');
      assert.equal(entry?.value.range.start.line, 0);
    });
  });

  describe('JSON', () => {
    const text = '{\n  "$schema": "./schemas/trl-dpo.schema.json",\n  "beta": 0.1,\n  "loss_type": "sigmoid"\n}\n';
    const doc = parseJsonConfig(text);

    it('reads values and exact ranges (keys include their quotes)', () => {
      assert.equal(topLevelValues(doc).beta, 0.1);
      const entry = topLevelEntry(doc, 'loss_type');
      assert.equal(entry && textAt(text, entry.keyRange), '"loss_type"');
      assert.equal(entry && textAt(text, entry.value.range), '"sigmoid"');
    });

    it('reports syntax errors with positions and keeps comments legal', () => {
      assert.equal(parseJsonConfig('// a comment\n{"a": 1}').syntaxErrors.length, 0);
      const bad = parseJsonConfig('{\n  "a": 1\n  "b": 2\n}');
      assert.ok(bad.syntaxErrors.length > 0);
      assert.equal(bad.syntaxErrors[0].range.start.line, 2);
    });
  });

  describe('edits', () => {
    it('writes numbers as people do, with a dot PyYAML can read', () => {
      assert.equal(numberLiteral(1e-5), '1.0e-5');
      assert.equal(numberLiteral(5.4e-6), '5.4e-6');
      assert.equal(numberLiteral(0.05), '0.05');
      assert.equal(numberLiteral(16), '16');
      assert.equal(numberLiteral(2.34e-5), '2.34e-5');
    });

    it('quotes YAML strings only when they would not read back as strings', () => {
      const yaml = parseYamlConfig('a: 1\n');
      assert.equal(valueLiteral(yaml, 'q_proj,k_proj'), 'q_proj,k_proj');
      assert.equal(valueLiteral(yaml, 'yes'), '"yes"');
      assert.equal(valueLiteral(yaml, 'a: b'), '"a: b"');
      assert.equal(valueLiteral(parseJsonConfig('{}'), 'x'), '"x"');
    });

    it('adds a key after an entry, at the end, or to a file without a final newline', () => {
      const text = 'stage: ppo\nlearning_rate: 1.0e-5\n';
      const doc = parseYamlConfig(text);
      assert.equal(
        applyEdits(text, [addKeyEdit(doc, 'reward_model', 'rm', topLevelEntry(doc, 'stage'))]),
        'stage: ppo\nreward_model: rm\nlearning_rate: 1.0e-5\n',
      );
      assert.equal(applyEdits(text, [addKeyEdit(doc, 'max_grad_norm', '0.5')]), `${text}max_grad_norm: 0.5\n`);
      const bare = 'stage: ppo';
      assert.equal(applyEdits(bare, [addKeyEdit(parseYamlConfig(bare), 'x', '1')]), 'stage: ppo\nx: 1\n');
    });

    it('adds after a block value, not inside it', () => {
      const text = 'dataset:\n  - a\n  - b\nstage: sft\n';
      const doc = parseYamlConfig(text);
      assert.equal(applyEdits(text, [addKeyEdit(doc, 'x', '1', topLevelEntry(doc, 'dataset'))]), 'dataset:\n  - a\n  - b\nx: 1\nstage: sft\n');
    });

    it("adds JSON members with a comma and the file's indentation", () => {
      const text = '{\n    "a": 1\n}\n';
      const doc = parseJsonConfig(text);
      assert.equal(applyEdits(text, [addKeyEdit(doc, 'b', '2')]), '{\n    "a": 1,\n    "b": 2\n}\n');
    });

    it('renames keys and sets values in place', () => {
      const text = 'learning_rat: 1e-4\n';
      const doc = parseYamlConfig(text);
      const entry = topLevelEntry(doc, 'learning_rat');
      assert.ok(entry);
      assert.equal(applyEdits(text, [renameKeyEdit(doc, entry, 'learning_rate'), setValueEdit(entry, '1.0e-5')]), 'learning_rate: 1.0e-5\n');
      const json = '{"learning_rat": 1}';
      const jsonDoc = parseJsonConfig(json);
      const jsonEntry = topLevelEntry(jsonDoc, 'learning_rat');
      assert.ok(jsonEntry);
      assert.equal(applyEdits(json, [renameKeyEdit(jsonDoc, jsonEntry, 'learning_rate')]), '{"learning_rate": 1}');
    });
  });
});
