/**
 * Non-cryptographic hashes for deduplication. cyrb53 gives 53-bit keys that fit a JS
 * number exactly (collision odds for a million records: about 1 in 10^4 trillion pairs);
 * `mix32` is the murmur3 finaliser, used to spread rolling hashes before MinHash.
 */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a sequence of 32-bit values into one 32-bit hash (order-sensitive). */
export function combine32(values: ArrayLike<number>, from: number, to: number, seed: number): number {
  let h = seed | 0;
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ values[i], 0x9e3779b1);
    h = (h << 13) | (h >>> 19);
  }
  return mix32(h);
}
