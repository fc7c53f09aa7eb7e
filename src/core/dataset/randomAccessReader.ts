/**
 * Random access to a file's bytes. The VS Code adapter and the CLI implement it over an
 * `fs` FileHandle; tests implement it over a Buffer. Big files are never read whole.
 */
export interface RandomAccessReader {
  size(): Promise<number>;
  /** Reads up to `target.length` bytes at `offset`; returns how many were read (0 at EOF). */
  read(offset: number, target: Uint8Array): Promise<number>;
}

/** A reader over bytes already in memory (tests, small files, unsaved documents). */
export function bufferReader(bytes: Uint8Array): RandomAccessReader {
  return {
    size: () => Promise.resolve(bytes.length),
    read: (offset, target) => {
      const end = Math.min(bytes.length, offset + target.length);
      const count = Math.max(0, end - offset);
      if (count > 0) target.set(bytes.subarray(offset, end));
      return Promise.resolve(count);
    },
  };
}
