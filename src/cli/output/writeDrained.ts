/**
 * Writes to a stream and resolves once it may be written again: at once when its buffer has room,
 * else on `drain`. Standard output may be a slow pipe (`| head`, `| gzip`); without the wait a
 * large report or cleaned dataset would pile up in memory.
 */
export function writeDrained(stream: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = stream.write(chunk, (error) => {
      if (error) reject(error);
    });
    if (ready) resolve();
    else stream.once('drain', () => resolve());
  });
}
