import * as vscode from 'vscode';
import { bytesSource, fileSource } from '../../core/dataset/reading/byteSource';
import type { ByteSource } from '../../core/dataset/reading/byteSource';

/**
 * A {@link ByteSource} for a document, kept open while the previewer shows it: positional reads
 * through one `fs` FileHandle for local files (huge files are never read whole); other schemes
 * (virtual file systems) fall back to reading the file through `workspace.fs` once.
 */
export async function openRangeReader(uri: vscode.Uri): Promise<ByteSource & vscode.Disposable> {
  if (uri.scheme !== 'file') {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { ...bytesSource(uri.toString(), bytes), dispose: () => undefined };
  }
  const source = await fileSource(uri.fsPath);
  let closed = false;
  return {
    ...source,
    dispose: () => {
      if (!closed) {
        closed = true;
        void source.close().catch(() => undefined);
      }
    },
  };
}
