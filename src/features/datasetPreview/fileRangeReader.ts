import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as vscode from 'vscode';
import { bufferReader } from '../../core/dataset/randomAccessReader';
import type { RandomAccessReader } from '../../core/dataset/randomAccessReader';

/**
 * A {@link RandomAccessReader} for a document: positional reads through one `fs` FileHandle
 * for local files (huge files are never read whole); other schemes (virtual file systems)
 * fall back to reading the file through `workspace.fs` once.
 */
export async function openRangeReader(uri: vscode.Uri): Promise<RandomAccessReader & vscode.Disposable> {
  if (uri.scheme !== 'file') {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { ...bufferReader(bytes), dispose: () => undefined };
  }
  const handle: FileHandle = await open(uri.fsPath, 'r');
  let closed = false;
  return {
    size: async () => (await handle.stat()).size,
    read: async (offset, target) => (await handle.read(target, 0, target.length, offset)).bytesRead,
    dispose: () => {
      if (!closed) {
        closed = true;
        void handle.close().catch(() => undefined);
      }
    },
  };
}
