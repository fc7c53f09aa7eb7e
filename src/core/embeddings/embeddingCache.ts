import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The on-disk embedding cache: one compact binary file per model, so a re-check embeds only
 * the records that are new or changed. Keyed by (model, content hash): the file is chosen by
 * the model's name, an entry by the first 16 bytes of the SHA-256 of the text that was sent.
 *
 * Layout (little-endian): "TLEMB001", u32 dimensions, u32 count, count × 16-byte keys, then
 * count × dimensions float32 vectors. Size: count × (16 + 4 × dimensions) bytes plus 16
 * (100 000 records of 768 dimensions: about 309 MB). Written whole to a temporary file and
 * renamed, so a crash leaves the previous cache; a file that does not parse is ignored.
 */
const MAGIC = 'TLEMB001';
const HEADER = 16;
const KEY = 16;

export function contentKey(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, KEY * 2);
}

export function cacheFileName(model: string): string {
  const safe = model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40);
  return `embeddings-${safe}-${createHash('sha256').update(model).digest('hex').slice(0, 12)}.bin`;
}

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private dims: number | undefined;
  private dirty = false;

  private constructor(readonly path: string) {}

  /** The cache of `model` in `dir` (empty when the file is missing or unreadable). */
  static async open(dir: string, model: string): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(join(dir, cacheFileName(model)));
    const bytes = await readFile(cache.path).catch(() => undefined);
    if (bytes) cache.load(bytes);
    return cache;
  }

  get size(): number {
    return this.vectors.size;
  }

  get(key: string): Float32Array | undefined {
    return this.vectors.get(key);
  }

  put(key: string, vector: Float32Array): void {
    if (this.dims !== undefined && vector.length !== this.dims) {
      // The model changed its output size (a different server behind the same name): start over.
      this.vectors.clear();
    }
    this.dims = vector.length;
    this.vectors.set(key, vector);
    this.dirty = true;
  }

  /** Writes the cache if anything was added; returns the file's size in bytes. */
  async save(): Promise<number> {
    const count = this.vectors.size;
    const dims = this.dims ?? 0;
    const size = HEADER + count * (KEY + 4 * dims);
    if (!this.dirty) return size;
    const buffer = Buffer.alloc(size);
    buffer.write(MAGIC, 0, 'latin1');
    buffer.writeUInt32LE(dims, 8);
    buffer.writeUInt32LE(count, 12);
    const floats = new Float32Array(buffer.buffer, buffer.byteOffset + HEADER + count * KEY, count * dims);
    let i = 0;
    for (const [key, vector] of this.vectors) {
      buffer.write(key, HEADER + i * KEY, 'hex');
      floats.set(vector, i * dims);
      i++;
    }
    await mkdir(join(this.path, '..'), { recursive: true });
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, buffer);
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.dirty = false;
    return size;
  }

  private load(bytes: Buffer): void {
    if (bytes.length < HEADER || bytes.toString('latin1', 0, 8) !== MAGIC) return;
    const dims = bytes.readUInt32LE(8);
    const count = bytes.readUInt32LE(12);
    if (bytes.length !== HEADER + count * (KEY + 4 * dims)) return;
    // Copied so that the vectors are aligned and independent of the file's buffer.
    const floats = new Float32Array(count * dims);
    new Uint8Array(floats.buffer).set(bytes.subarray(HEADER + count * KEY));
    for (let i = 0; i < count; i++) {
      const key = bytes.toString('hex', HEADER + i * KEY, HEADER + (i + 1) * KEY);
      this.vectors.set(key, floats.subarray(i * dims, (i + 1) * dims));
    }
    this.dims = count > 0 ? dims : undefined;
  }
}
