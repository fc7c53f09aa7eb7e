import { open } from 'node:fs/promises';

/**
 * Random access to a file's bytes, in the shape hyparquet reads (`AsyncBuffer`): the Parquet
 * reader asks for the footer, then for each row group's column chunks, so only those byte
 * ranges are ever in memory. Over a file handle in Node; the same reader code would take an
 * in-memory or remote buffer of the same shape.
 */
export interface AsyncByteRange {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

export interface FileByteRange extends AsyncByteRange {
  close(): Promise<void>;
}

/** `onRead` sees every range read (the bench counts the bytes a first page costs; tests check no other row group is read). */
export async function fileByteRange(path: string, onRead?: (start: number, end: number) => void): Promise<FileByteRange> {
  const handle = await open(path, 'r');
  try {
    const byteLength = (await handle.stat()).size;
    return {
      byteLength,
      async slice(start, end = byteLength) {
        const from = Math.max(0, Math.min(start, byteLength));
        const length = Math.max(0, Math.min(end, byteLength) - from);
        onRead?.(from, from + length);
        const buffer = new ArrayBuffer(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(new Uint8Array(buffer, done), 0, length - done, from + done);
          if (bytesRead === 0) break; // the file shrank while being read: the reader sees the short range and fails cleanly
          done += bytesRead;
        }
        return done === length ? buffer : buffer.slice(0, done);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
