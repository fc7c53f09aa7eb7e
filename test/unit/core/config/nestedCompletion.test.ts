import * as assert from 'node:assert/strict';
import { completionSpot, configCompletions } from '../../../../src/core/config/editing/configCompletion';
import { defaultSettings } from '../../../../src/core/settings/settings';

/** Completion at the end of `text` (or at `|`), as an Axolotl config. */
function complete(text: string): ReturnType<typeof configCompletions> {
  const offset = text.includes('|') ? text.indexOf('|') : text.length;
  const clean = text.replace('|', '');
  const spot = completionSpot(clean, 'yaml', offset);
  return spot ? configCompletions(spot, 'axolotl', undefined, defaultSettings(), 'yaml') : [];
}

const HEAD = 'base_model: Qwen/Qwen2.5-7B-Instruct\nadapter: lora\n';

describe('completion inside Axolotl blocks and list entries', () => {
  it('offers the keys of a datasets entry not yet set, with their documentation, on the `- ` line and the lines after it', () => {
    const onDash = complete(`${HEAD}datasets:\n  - pa`);
    const path = onDash.find((i) => i.label === 'path');
    assert.ok(path, 'path offered');
    assert.equal(path.kind, 'key');
    assert.match(path.documentation ?? '', /Hub dataset id/);
    assert.deepEqual(path.range, { start: { line: 3, column: 4 }, end: { line: 3, column: 6 } });
    assert.ok(!onDash.some((i) => i.label === 'base_model'), 'top-level keys are not offered inside an entry');

    const next = complete(`${HEAD}datasets:\n  - path: tatsu-lab/alpaca\n    split: train\n    |\n  - path: other\n    type: alpaca\nlearning_rate: 0.0002\n`);
    const labels = next.map((i) => i.label);
    assert.ok(labels.includes('type') && labels.includes('train_on_eos') && labels.includes('field_messages'), labels.join(', '));
    assert.ok(!labels.includes('path') && !labels.includes('split'), 'keys the entry has are not offered');
    assert.ok(
      next.findIndex((i) => i.label === 'type') < next.findIndex((i) => i.label === 'revision_of_model' || i.documentation === undefined),
      'documented keys first',
    );
  });

  it("reads list items written at their parent key's indentation, and test_datasets entries", () => {
    const flush = complete(`${HEAD}test_datasets:\n- path: x\n  ty`);
    const type = flush.find((i) => i.label === 'type');
    assert.ok(type);
    assert.match(type.documentation ?? '', /How records are turned into prompts/);
    assert.ok(!flush.some((i) => i.label === 'path'));
  });

  it('offers the allowed values of an entry key', () => {
    const values = complete(`${HEAD}datasets:\n  - path: x\n    train_on_eos: `).map((i) => i.label);
    assert.deepEqual(values.slice(0, 4), ['all', 'turn', 'last', 'none']);
    const onDash = complete(`${HEAD}datasets:\n  - train_on_eos: t`);
    assert.ok(onDash.some((i) => i.label === 'turn' && i.kind === 'value'));
  });

  it('completes keys of a mapping block such as trl: and fsdp_config:', () => {
    const trl = complete(`${HEAD}trl:\n  beta: 0.1\n  `).map((i) => i.label);
    assert.ok(trl.includes('num_generations'), trl.slice(0, 10).join(', '));
    assert.ok(!trl.includes('beta'));
    const fsdp = complete(`${HEAD}fsdp_config:\n  `).map((i) => i.label);
    assert.ok(fsdp.length > 0 && !fsdp.includes('base_model'));
  });

  it('still completes top-level keys at the top level, and nothing deeper than one level', () => {
    assert.ok(complete(`${HEAD}datasets:\n  - path: x\nlora_`).some((i) => i.label === 'lora_r'));
    assert.deepEqual(complete(`${HEAD}datasets:\n  - path: x\n    message_property_mappings:\n      ro`), []);
  });
});
