import type { EmbedOptions, EmbeddingsClient } from './embeddingsClient';
import type { EmbeddingCache } from './embeddingCache';
import { contentKey } from './embeddingCache';

export interface EmbedResult {
  /** Unit-length vectors, one per text (cosine similarity is then a dot product). */
  vectors: Float32Array[];
  /** Texts answered from the cache, and texts sent to the endpoint (each distinct text once). */
  cached: number;
  sent: number;
  /** Time spent waiting for the endpoint, in ms. */
  endpointMs: number;
}

/**
 * Embeds `texts` through the cache: each distinct text is looked up by its content hash and
 * only the missing ones are sent; the new vectors are added to the cache and saved (also when
 * the run fails half-way, so the work done is not lost).
 */
export async function embedTexts(
  client: EmbeddingsClient,
  cache: EmbeddingCache | undefined,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<EmbedResult> {
  const keys = texts.map(contentKey);
  const found = new Map<string, Float32Array>();
  const missing: string[] = [];
  const missingKeys: string[] = [];
  let cached = 0;
  keys.forEach((key, i) => {
    if (found.has(key)) return;
    const hit = cache?.get(key);
    if (hit) {
      found.set(key, hit);
      cached++;
    } else {
      found.set(key, EMPTY); // a placeholder, so a repeated text is sent once
      missing.push(texts[i]);
      missingKeys.push(key);
    }
  });
  const started = Date.now();
  try {
    if (missing.length > 0) {
      const vectors = await client.embed(missing, options);
      vectors.forEach((vector, k) => {
        const unit = normalize(vector);
        found.set(missingKeys[k], unit);
        cache?.put(missingKeys[k], unit);
      });
    }
  } finally {
    await cache?.save();
  }
  return { vectors: keys.map((key) => found.get(key)!), cached, sent: missing.length, endpointMs: missing.length > 0 ? Date.now() - started : 0 };
}

const EMPTY = new Float32Array(0);

/** A unit-length copy (a zero vector stays zero: similar to nothing). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  const out = new Float32Array(vector.length);
  if (sum === 0) return out;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] * scale;
  return out;
}
