import type { ConfigKind } from '../kinds/configKind';
import { axolotlKeys } from './axolotl/axolotlCatalog';
import { LLAMA_FACTORY_DESCRIPTIONS } from './descriptions/llamaFactoryDescriptions';
import { MEGATRON_DESCRIPTIONS } from './descriptions/megatronDescriptions';
import { TRAINING_ARGUMENTS_DESCRIPTIONS } from './descriptions/trainingArgumentsDescriptions';
import { TRL_DESCRIPTION_OVERRIDES, TRL_DESCRIPTIONS } from './descriptions/trlDescriptions';
import { COMMA_LIST_KEYS, EXTRA_KEYS, VALUE_HINTS } from './extraKeys';
import type { JsonSchemaType, KeyFact, KeySource } from './importKeyFacts';
import { KEY_FACTS } from './keyFacts.generated';
import type { CatalogKey } from './catalogKey';

/** LLaMA-Factory's argument classes, grouped as its parsers combine them. */
const LF_MODEL = [
  'BaseModelArguments',
  'QuantizationArguments',
  'ProcessorArguments',
  'ExportArguments',
  'VllmArguments',
  'SGLangArguments',
  'KTransformersArguments',
  'ModelArguments',
];
const LF_DATA = ['DataArguments'];
const LF_FINETUNING = [
  'FinetuningArguments',
  'FreezeArguments',
  'LoraArguments',
  'OFTArguments',
  'RLHFArguments',
  'GaloreArguments',
  'ApolloArguments',
  'BAdamArgument',
  'SwanLabArguments',
];
const LF_GENERATING = ['GeneratingArguments'];
const LF_TRAINING = ['TrainingArguments', 'RayArguments', 'Fp8Arguments', 'ProfilerArguments'];
const LF_EVALUATION = ['EvaluationArguments'];

type KeyFilter = (fact: KeyFact) => boolean;
const lf =
  (groups: string[]): KeyFilter =>
  (f) =>
    f.source === 'llamafactory' && groups.includes(f.group);
const from =
  (...sources: KeySource[]): KeyFilter =>
  (f) =>
    sources.includes(f.source);

/** Later filters win when two sources define the same key (a trainer's own default over TrainingArguments'). */
const KIND_SOURCES: Readonly<Record<Exclude<ConfigKind, 'axolotl'>, KeyFilter[]>> = {
  'llamafactory-train': [from('hf', 'megatron'), lf([...LF_MODEL, ...LF_DATA, ...LF_TRAINING, ...LF_FINETUNING, ...LF_GENERATING])],
  'llamafactory-infer': [lf([...LF_MODEL, ...LF_DATA, ...LF_FINETUNING, ...LF_GENERATING])],
  'llamafactory-export': [lf([...LF_MODEL, ...LF_DATA, ...LF_FINETUNING, ...LF_GENERATING])],
  'llamafactory-eval': [lf([...LF_MODEL, ...LF_DATA, ...LF_EVALUATION, ...LF_FINETUNING])],
  'trl-sft': [from('hf'), from('trl-sft'), from('trl-script')],
  'trl-dpo': [from('hf'), from('trl-dpo'), from('trl-script')],
  'trl-kto': [from('hf'), from('trl-kto'), from('trl-script')],
  'trl-grpo': [from('hf'), from('trl-grpo'), from('trl-script')],
  'trl-ppo': [from('hf'), from('trl-ppo-0.12'), from('trl-ppo'), from('trl-script')],
  'trl-ppo-legacy': [from('trl-ppo-legacy'), from('trl-script')],
  'trl-reward': [from('hf'), from('trl-reward'), from('trl-script')],
};

const ALL_FACTS: readonly KeyFact[] = [...KEY_FACTS, ...EXTRA_KEYS];
const cache = new Map<ConfigKind, ReadonlyMap<string, CatalogKey>>();

/** Every key a kind accepts, in a stable order (framework order within each source). */
export function keysForKind(kind: ConfigKind): ReadonlyMap<string, CatalogKey> {
  // Axolotl's keys come from its own table, with nested schemas.
  if (kind === 'axolotl') return axolotlKeys();
  let keys = cache.get(kind);
  if (!keys) {
    const map = new Map<string, CatalogKey>();
    for (const filter of KIND_SOURCES[kind]) {
      for (const fact of ALL_FACTS) {
        if (!filter(fact)) continue;
        // Dataclasses repeat keys across classes (additional_target in LoRA and OFT): keep the first within a source.
        const existing = map.get(fact.key);
        if (existing && existing.source === fact.source) continue;
        map.set(fact.key, toCatalogKey(fact));
      }
    }
    keys = map;
    cache.set(kind, keys);
  }
  return keys;
}

function toCatalogKey(fact: KeyFact): CatalogKey {
  const key: CatalogKey = {
    name: fact.key,
    schema: refineSchema(fact),
    hasDefault: Object.prototype.hasOwnProperty.call(fact, 'default'),
    source: fact.source,
    group: fact.group,
    description: describe(fact.source, fact.key),
  };
  if (key.hasDefault) key.default = fact.default;
  return key;
}

function refineSchema(fact: KeyFact): JsonSchemaType {
  const schema: JsonSchemaType = { ...fact.schema };
  if (COMMA_LIST_KEYS.has(fact.key) && fact.source === 'llamafactory') {
    const types = new Set([...(Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []), 'array']);
    schema.type = [...types];
    schema.items = { type: 'string' };
  }
  // HfArgumentParser hands YAML values to the dataclass unchanged, and the trainers turn a
  // single string into a one-item list (`loss_type: sigmoid`), so a string is valid too.
  const listTypes = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (listTypes.includes('array') && schema.items?.type === 'string' && !listTypes.includes('string')) schema.type = [...listTypes, 'string'];
  const hint = VALUE_HINTS[fact.key];
  if (hint && !schema.enum) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const onlyStrings = types.every((t) => t === 'string' || t === 'null');
    if (hint.strict && onlyStrings) schema.enum = types.includes('null') ? [...hint.values, null] : [...hint.values];
    else schema.examples = [...hint.values];
  }
  return schema;
}

function describe(source: KeySource, key: string): string {
  const override = TRL_DESCRIPTION_OVERRIDES[`${source}:${key}`];
  if (override) return override;
  const order =
    source === 'llamafactory'
      ? [LLAMA_FACTORY_DESCRIPTIONS, TRAINING_ARGUMENTS_DESCRIPTIONS, TRL_DESCRIPTIONS]
      : source === 'hf'
        ? [TRAINING_ARGUMENTS_DESCRIPTIONS, LLAMA_FACTORY_DESCRIPTIONS, TRL_DESCRIPTIONS]
        : source === 'megatron'
          ? [MEGATRON_DESCRIPTIONS]
          : [TRL_DESCRIPTIONS, TRAINING_ARGUMENTS_DESCRIPTIONS, LLAMA_FACTORY_DESCRIPTIONS];
  for (const table of order) {
    if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  }
  return '';
}
