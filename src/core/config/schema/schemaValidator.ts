import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigKind } from '../kinds/configKind';
import { buildConfigSchema } from './buildConfigSchema';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validators = new Map<ConfigKind, ValidateFunction>();

/** ajv errors for a config's plain value against its kind's schema (validators compiled once per kind). */
export function schemaErrors(kind: ConfigKind, value: unknown): ErrorObject[] {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(buildConfigSchema(kind));
    validators.set(kind, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** `/dataset/0` → ['dataset', 0]. */
export function pathOf(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** ['dataset', 0] → `dataset[0]`. */
export function displayPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
