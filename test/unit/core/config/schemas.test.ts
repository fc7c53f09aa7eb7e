import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { keysForKind } from '../../../../src/core/config/catalog/configCatalog';
import { parseKeyFacts, schemaOfPythonType } from '../../../../src/core/config/catalog/importKeyFacts';
import { KEY_FACTS } from '../../../../src/core/config/catalog/keyFacts.generated';
import { buildConfigSchema } from '../../../../src/core/config/schema/buildConfigSchema';
import { CONFIG_KINDS, schemaFileName } from '../../../../src/core/config/kinds/configKind';
import { repoRoot } from '../../../repoRoot';

describe('config schemas', () => {
  for (const kind of CONFIG_KINDS) {
    it(`schemas/${schemaFileName(kind)} is up to date (npm run build:schemas regenerates it)`, () => {
      const committed: unknown = JSON.parse(readFileSync(join(repoRoot(), 'schemas', schemaFileName(kind)), 'utf8'));
      assert.deepEqual(committed, buildConfigSchema(kind));
    });
  }

  it('compile in ajv and describe every key in our words', () => {
    const ajv = new Ajv({ strict: false });
    for (const kind of CONFIG_KINDS) {
      ajv.compile(buildConfigSchema(kind));
      const undescribed = [...keysForKind(kind).values()].filter((k) => !k.description).map((k) => k.name);
      assert.deepEqual(undescribed, [], kind);
    }
  });

  it('turns Python annotations into JSON Schema types', () => {
    assert.deepEqual(schemaOfPythonType('str | None'), { type: ['string', 'null'] });
    assert.deepEqual(schemaOfPythonType('Optional[float]'), { type: ['number', 'null'] });
    assert.deepEqual(schemaOfPythonType('int'), { type: 'integer' });
    assert.deepEqual(schemaOfPythonType('Literal["lora", "full"]'), { type: 'string', enum: ['lora', 'full'] });
    assert.deepEqual(schemaOfPythonType('Union[None, str, list[str]]'), { type: ['string', 'array', 'null'], items: { type: 'string' } });
    assert.deepEqual(schemaOfPythonType('Optional[Union[dict, str]]'), { type: ['object', 'string', 'null'] });
  });
});

/**
 * The catalogue against the frameworks' key facts in the shared corpus (skipped with the
 * reason when the corpus is absent): the committed keys are exactly the facts, and every
 * fact's key is in the schema of each kind that accepts it, with its type and default.
 */
describe("config catalogue against the frameworks' key facts", () => {
  const keys = join(process.env.TUNELAB_CORPUS ?? join(repoRoot(), '..', 'shared', 'corpus'), 'keys');
  before(function () {
    if (!existsSync(join(keys, 'llamafactory-keys.tsv'))) {
      console.log(`    key facts not found at ${keys}: skipping (set TUNELAB_CORPUS to run these)`);
      this.skip();
    }
  });

  it('keyFacts.generated.ts matches the facts (npm run import:keys regenerates it)', () => {
    const facts = [
      ...parseKeyFacts(readFileSync(join(keys, 'llamafactory-keys.tsv'), 'utf8'), 'llamafactory'),
      ...parseKeyFacts(readFileSync(join(keys, 'hf-training-args-keys.tsv'), 'utf8'), 'hf'),
      ...parseKeyFacts(readFileSync(join(keys, 'trl-config-keys.tsv'), 'utf8')),
    ];
    assert.deepEqual(KEY_FACTS, facts);
    assert.ok(facts.length > 600);
  });

  it('every LLaMA-Factory and TrainingArguments key is in the training schema with its type and default', () => {
    const schema = buildConfigSchema('llamafactory-train') as { properties: Record<string, { type?: unknown; default?: unknown }> };
    const facts = [
      ...parseKeyFacts(readFileSync(join(keys, 'llamafactory-keys.tsv'), 'utf8'), 'llamafactory'),
      ...parseKeyFacts(readFileSync(join(keys, 'hf-training-args-keys.tsv'), 'utf8'), 'hf'),
    ];
    const lfKeys = new Set(facts.filter((f) => f.source === 'llamafactory').map((f) => f.key));
    for (const fact of facts) {
      if (fact.group === 'EvaluationArguments') continue; // only `llamafactory-cli eval` takes these
      if (fact.source === 'hf' && lfKeys.has(fact.key)) continue; // LLaMA-Factory redefines it
      const property = schema.properties[fact.key];
      assert.ok(property, `${fact.key} missing`);
      if (Object.prototype.hasOwnProperty.call(fact, 'default')) assert.deepEqual(property.default, fact.default, fact.key);
      const types = (t: unknown) => new Set(Array.isArray(t) ? t : t === undefined ? [] : [t]);
      for (const t of types(fact.schema.type)) assert.ok(types(property.type).has(t), `${fact.key}: ${String(t)}`);
    }
  });

  it("every TRL trainer key is in its trainer's schema", () => {
    const facts = parseKeyFacts(readFileSync(join(keys, 'trl-config-keys.tsv'), 'utf8'));
    const kindOf = {
      'trl-ppo-legacy': 'trl-ppo-legacy',
      'trl-ppo-0.12': 'trl-ppo',
      'trl-ppo': 'trl-ppo',
      'trl-dpo': 'trl-dpo',
      'trl-kto': 'trl-kto',
      'trl-grpo': 'trl-grpo',
      'trl-sft': 'trl-sft',
    } as const;
    for (const fact of facts) {
      const kind = kindOf[fact.source as keyof typeof kindOf];
      assert.ok(kind, fact.source);
      assert.ok(keysForKind(kind).has(fact.key), `${fact.key} missing from ${kind}`);
    }
  });
});
