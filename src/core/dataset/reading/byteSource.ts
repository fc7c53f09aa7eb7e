import { open } from 'node:fs/promises';

/** Where a dataset's bytes come from: a file on disk, or bytes in memory (an unsaved editor). */
export interface ByteSource {
  readonly name: string;
  /** True when every chunk and every `read` result has a buffer of its own, so it may be handed (transferred) to a worker. */
  readonly ownsChunks: boolean;
  size(): Promise<number>;
  /** The bytes in order, in chunks. */
  chunks(signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /** `length` bytes at `offset` (fewer at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const CHUNK_BYTES = 4 << 20;

export async function fileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  return {
    name: path,
    ownsChunks: true,
    size: async () => (await handle.stat()).size,
    async *chunks(signal) {
      for (let offset = 0; ;) {
        signal?.throwIfAborted();
        const buffer = new Uint8Array(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
        if (bytesRead === 0) return;
        offset += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    },
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    ownsChunks: false,
    size: () => Promise.resolve(bytes.length),
    async *chunks() {
      for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
        await Promise.resolve();
        yield bytes.subarray(offset, offset + CHUNK_BYTES);
      }
    },
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
    close: () => Promise.resolve(),
  };
}
