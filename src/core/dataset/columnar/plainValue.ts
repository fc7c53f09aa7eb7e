/**
 * Columnar readers hand back BigInts, Dates, byte arrays, Arrow vectors and struct rows; the
 * dataset engine works on what `JSON.parse` gives. These turn a cell into that plain shape,
 * so a `messages: list<struct<role, content>>` column reads exactly like the JSON array of
 * objects it stands for, and every format detection and rule sees the same record.
 */

/** Largest integer a double holds exactly: beyond it a BigInt is kept as its decimal string. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Binary cells are never text to check: a short placeholder keeps the column visible without its bytes. */
export function binaryPlaceholder(bytes: { byteLength: number }): string {
  return `<binary ${bytes.byteLength} bytes>`;
}

export function plainBigInt(value: bigint): number | string {
  return value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
}

function isoDate(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

interface Iterableish {
  [Symbol.iterator](): Iterator<unknown>;
}

/** A value the engine can read (string, number, boolean, null, array, plain object). */
export function toPlain(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null; // JSON has no NaN or Infinity
    case 'bigint':
      return plainBigInt(value);
    case 'object':
      break;
    default:
      return null; // symbols and functions have no JSON form
  }
  // Deeper than any real chat record: stop rather than recurse without end on a cyclic value.
  if (depth > 64) return null;
  if (value instanceof Date) return isoDate(value);
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof DataView) return binaryPlaceholder(value);
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => toPlain(v, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlain(v, depth + 1)]));
  // Arrow's struct and map rows have toJSON; its vectors are iterable.
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function' && !isPlainObject(value)) {
    const out = json.call(value);
    if (out !== value) return toPlain(out, depth + 1);
  }
  if (!isPlainObject(value) && typeof (value as Partial<Iterableish>)[Symbol.iterator] === 'function')
    return Array.from(value as Iterableish, (v) => toPlain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v, depth + 1);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
