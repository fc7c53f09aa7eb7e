import { GrowableArray } from '../../util/growableArray';

/**
 * Interned strings: a message template, a field path or a matched term repeated by thousands
 * of findings is kept once. Ids start at 0.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  get(id: number): string {
    return this.strings[id];
  }

  get size(): number {
    return this.strings.length;
  }
}

const NUMBER = 0;
const STRING = 1;
const UNDEFINED = 2;
const JSON_VALUE = 3;

/**
 * A finding's argument and data values, back to back: 9 bytes a value (a float64 and a kind).
 * Numbers are kept as they are; strings and JSON values (a `detail` object, a position) as
 * interned strings, so a value repeated across findings costs its 9 bytes and nothing more.
 */
export class ValuePool {
  private readonly numbers = new GrowableArray((n) => new Float64Array(n), 1 << 14);
  private readonly kinds = new GrowableArray((n) => new Uint8Array(n), 1 << 14);

  constructor(private readonly strings: StringTable) {}

  get length(): number {
    return this.kinds.length;
  }

  push(value: unknown): void {
    if (typeof value === 'number') {
      this.kinds.push(NUMBER);
      this.numbers.push(value);
    } else if (typeof value === 'string') {
      this.kinds.push(STRING);
      this.numbers.push(this.strings.id(value));
    } else if (value === undefined) {
      this.kinds.push(UNDEFINED);
      this.numbers.push(0);
    } else {
      this.kinds.push(JSON_VALUE);
      this.numbers.push(this.strings.id(JSON.stringify(value)));
    }
  }

  get(index: number): unknown {
    const kind = this.kinds.get(index);
    const n = this.numbers.get(index);
    if (kind === NUMBER) return n;
    if (kind === STRING) return this.strings.get(n);
    if (kind === UNDEFINED) return undefined;
    return JSON.parse(this.strings.get(n)) as unknown;
  }
}

/** True when `value` comes back from the pool equal to itself (JSON values: plain data only). */
export function poolKeeps(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  return isPlainJson(value, 0);
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 8) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((v) => isPlainJson(v, depth + 1));
}
