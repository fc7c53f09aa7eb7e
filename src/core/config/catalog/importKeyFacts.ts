/**
 * Turns the frameworks' key facts (tab-separated: file, class, key, Python type, default, as
 * read from LLaMA-Factory's, Hugging Face's and TRL's dataclasses) into typed catalogue
 * entries: a JSON Schema type for each key and its default as a JSON value. Used by
 * scripts/import-key-facts.mjs to write keyFacts.generated.ts, and by a test that checks the
 * committed catalogue still matches the facts.
 */
/** Where a key comes from: the frameworks' dataclasses, or (the last three) keys written by hand in extraKeys.ts. */
export type KeySource =
  | 'llamafactory'
  | 'hf'
  | 'trl-ppo-legacy'
  | 'trl-ppo-0.12'
  | 'trl-ppo'
  | 'trl-dpo'
  | 'trl-kto'
  | 'trl-grpo'
  | 'trl-sft'
  | 'trl-reward'
  | 'trl-script'
  | 'megatron'
  | 'axolotl';

export interface JsonSchemaType {
  type?: string | string[];
  enum?: Array<string | boolean | null>;
  items?: JsonSchemaType;
  /** Nested keys (Axolotl's `datasets[]` entries, `trl:` block…); unknown ones stay allowed. */
  properties?: Record<string, JsonSchemaType>;
  /** Values offered by completion without restricting the key to them. */
  examples?: string[];
}

export interface KeyFact {
  key: string;
  source: KeySource;
  /** The dataclass the key belongs to (e.g. LoraArguments). */
  group: string;
  pyType: string;
  schema: JsonSchemaType;
  /** Absent when the default is computed (a factory, an expression on other fields). */
  default?: unknown;
}

export function sourceOf(file: string): KeySource | undefined {
  if (file.includes('v0.11.4/trl/trainer/ppo_config')) return 'trl-ppo-legacy';
  if (file.includes('v0.12.0/trl/trainer/ppo_config')) return 'trl-ppo-0.12';
  if (file.includes('trl/experimental/ppo/ppo_config')) return 'trl-ppo';
  if (file.endsWith('dpo_config.py')) return 'trl-dpo';
  if (file.endsWith('kto_config.py')) return 'trl-kto';
  if (file.endsWith('grpo_config.py')) return 'trl-grpo';
  if (file.endsWith('sft_config.py')) return 'trl-sft';
  if (file.startsWith('hf_')) return 'hf';
  if (/_args\.py$|args\.py$/.test(file) || file.endsWith('.py')) return 'llamafactory';
  return undefined;
}

export function parseKeyFacts(tsv: string, defaultSource?: KeySource): KeyFact[] {
  const lines = tsv.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split('\t') ?? [];
  const at = (name: string) => header.indexOf(name);
  const facts: KeyFact[] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    const file = cells[at('file')] ?? '';
    const source = defaultSource ?? sourceOf(file);
    if (!source) continue;
    const pyType = cells[at('type')] ?? '';
    const fact: KeyFact = { key: cells[at('key')], source, group: cells[at('class')] ?? '', pyType, schema: schemaOfPythonType(pyType) };
    const parsed = parseDefault(cells[at('default')] ?? '');
    if (parsed.known) fact.default = parsed.value;
    facts.push(fact);
  }
  return facts;
}

/** A Python type annotation as a (lenient) JSON Schema type. */
export function schemaOfPythonType(pyType: string): JsonSchemaType {
  let t = pyType.trim().replace(/tyro\.conf\.Suppress\[(.*)\]/g, '$1');
  let nullable = false;
  const optional = /^Optional\[(.*)\]$/.exec(t);
  if (optional) {
    t = optional[1];
    nullable = true;
  }
  const parts = splitUnion(t);
  const types = new Set<string>();
  let enumValues: Array<string | null> | undefined;
  let items: JsonSchemaType | undefined;
  for (const part of parts) {
    const p = part.trim();
    if (p === 'None') nullable = true;
    else if (p === 'bool') types.add('boolean');
    else if (p === 'int') types.add('integer');
    else if (p === 'float') types.add('number');
    else if (p === 'str' || p === 'Path' || p === 'torch.dtype') types.add('string');
    else if (p.startsWith('Literal[')) {
      const values = [...p.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      enumValues = [...(enumValues ?? []), ...values];
      types.add('string');
    } else if (p.startsWith('dict') || p === 'JSONDict' || p === 'RopeScaling' || p === 'ParallelismConfig' || p === 'GenerationConfig') types.add('object');
    else if (p.startsWith('list[')) {
      types.add('array');
      const inner = p.slice(5, -1);
      if (inner === 'str') items = { type: 'string' };
      else if (inner === 'float') items = { type: 'number' };
    } else if (p === 'Any') return {};
    else types.add('string'); // enums (SchedulerType, OptimizerNames…) are written as strings
  }
  if (types.has('number')) types.delete('integer');
  if (nullable) types.add('null');
  const schema: JsonSchemaType = {};
  const list = [...types];
  if (list.length === 1) schema.type = list[0];
  else if (list.length > 1) schema.type = list;
  if (enumValues && !types.has('object') && !types.has('array') && !types.has('boolean') && !types.has('number') && !types.has('integer')) {
    schema.enum = nullable ? [...enumValues, null] : enumValues;
  }
  if (items) schema.items = items;
  return schema;
}

function splitUnion(t: string): string[] {
  const union = /^Union\[(.*)\]$/.exec(t);
  const body = union ? union[1] : t;
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if ((c === '|' || (union && c === ',')) && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Enum members whose value is not their lower-cased name. */
const ENUM_DEFAULTS: Record<string, string> = {
  'AttentionFunction.AUTO': 'auto',
  'EngineName.HF': 'huggingface',
  'QuantizationMethod.BNB': 'bnb',
  'DownloadMode.REUSE_DATASET_IF_EXISTS': 'reuse_dataset_if_exists',
  default_optim: 'adamw_torch',
};

export function parseDefault(raw: string): { known: boolean; value?: unknown } {
  const text = raw.trim();
  if (text === '') return { known: false };
  if (text === 'None') return { known: true, value: null };
  if (text === 'True') return { known: true, value: true };
  if (text === 'False') return { known: true, value: false };
  if (Object.prototype.hasOwnProperty.call(ENUM_DEFAULTS, text)) return { known: true, value: ENUM_DEFAULTS[text] };
  const quoted = /^"(.*)"$/.exec(text);
  if (quoted) return { known: true, value: quoted[1] };
  if (/^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(text)) return { known: true, value: Number(text) };
  const product = /^(\d+)\s*\*\s*(\d+)$/.exec(text);
  if (product) return { known: true, value: Number(product[1]) * Number(product[2]) };
  return { known: false }; // factories and expressions
}
