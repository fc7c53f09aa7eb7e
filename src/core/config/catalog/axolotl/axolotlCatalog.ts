import type { CatalogKey } from '../catalogKey';
import type { JsonSchemaType } from '../importKeyFacts';
import { AXOLOTL_DESCRIPTIONS } from './axolotlDescriptions';
import { AXOLOTL_NESTED_DESCRIPTIONS } from './axolotlNestedDescriptions';
import { AXOLOTL_KEY_FACTS } from './axolotlKeys.generated';
import type { AxolotlKeyFact } from './importAxolotlKeys';

/**
 * Python attribute names Axolotl accepts beside the YAML aliases (`populate_by_name`), e.g.
 * `revision_of_model` in mimo-7b-qlora.yaml.
 */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  overrides_of_model_config: 'model_config',
  overrides_of_model_kwargs: 'model_kwargs',
  type_of_model: 'model_type',
  revision_of_model: 'model_revision',
};

let topLevel: ReadonlyMap<string, CatalogKey> | undefined;
let nested: ReadonlyMap<string, AxolotlKeyFact> | undefined;

/**
 * Axolotl's top-level keys, each with the schema of what it nests (`datasets[]` entries, the
 * `trl:` block…). The GPU capabilities Axolotl fills in itself are left out.
 */
export function axolotlKeys(): ReadonlyMap<string, CatalogKey> {
  if (topLevel) return topLevel;
  const map = new Map<string, CatalogKey>();
  const children = new Map<string, AxolotlKeyFact[]>();
  for (const fact of AXOLOTL_KEY_FACTS) {
    // Filled in by Axolotl from the GPU and environment, never written by users.
    if (/^(capabilities|env_capabilities)\b/.test(fact.path)) continue;
    const split = /^([\w]+)(\[\])?\.(.+)$/.exec(fact.path);
    if (split) {
      children.set(split[1], [...(children.get(split[1]) ?? []), { ...fact, path: split[3] }]);
      continue;
    }
    map.set(fact.path, toCatalogKey(fact.path, fact));
  }
  for (const [parent, facts] of children) {
    const key = map.get(parent);
    if (!key) continue;
    const properties: Record<string, JsonSchemaType> = {};
    // One level of nesting is checked (`datasets[].type`); deeper paths stay free.
    for (const fact of facts) if (!fact.path.includes('.') && !fact.path.includes('[')) properties[fact.path] = fact.schema;
    const types = Array.isArray(key.schema.type) ? key.schema.type : key.schema.type ? [key.schema.type] : [];
    if (types.includes('array')) key.schema = { ...key.schema, items: { type: 'object', properties } };
    else key.schema = { ...key.schema, properties };
  }
  for (const [python, alias] of Object.entries(PYTHON_NAMES)) {
    const key = map.get(alias);
    if (key) map.set(python, { ...key, name: python });
  }
  topLevel = map;
  return map;
}

/** A nested key's fact by its path (`datasets[].field_messages`, `trl.beta`). */
export function axolotlNestedKey(path: string): AxolotlKeyFact | undefined {
  if (!nested) nested = new Map(AXOLOTL_KEY_FACTS.filter((f) => /[.[]/.test(f.path)).map((f) => [f.path, f]));
  return nested.get(path);
}

/**
 * The catalogue entry of a nested key from its path in the file: `['datasets', 0, 'type']` is
 * `datasets[].type`, `['trl', 'beta']` is `trl.beta`. For hovers inside blocks and lists.
 */
export function axolotlNestedCatalogKey(path: ReadonlyArray<string | number>): CatalogKey | undefined {
  const factPath = path.map((step, i) => (typeof step === 'number' ? '[]' : i === 0 ? step : `.${step}`)).join('');
  const fact = axolotlNestedKey(factPath);
  if (!fact) return undefined;
  const key: CatalogKey = { ...toCatalogKey(factPath, fact), description: AXOLOTL_NESTED_DESCRIPTIONS[factPath] ?? '' };
  return key;
}

function toCatalogKey(name: string, fact: AxolotlKeyFact): CatalogKey {
  const key: CatalogKey = {
    name,
    schema: { ...fact.schema },
    hasDefault: Object.prototype.hasOwnProperty.call(fact, 'default'),
    source: 'axolotl',
    group: fact.plugin ?? 'Axolotl',
    description: AXOLOTL_DESCRIPTIONS[name] ?? '',
  };
  if (key.hasDefault) key.default = fact.default;
  return key;
}
