import * as vscode from 'vscode';
import { LineIndex } from '../../core/dataset/lineIndex';
import type { RandomAccessReader } from '../../core/dataset/randomAccessReader';
import type { Logger } from '../../core/logger';
import { RpcError } from '../../shared/protocol/rpc';
import type { IndexStatus, RowsPage } from '../../shared/protocol/datasetPreview';
import { Disposable } from '../../platform/disposable';
import { openRangeReader } from './fileRangeReader';

const PROGRESS_INTERVAL_MS = 100;

/**
 * One dataset file opened in the previewer: owns the random-access reader and the row
 * index, rebuilds the index (new generation) when the file changes on disk, and serves
 * pages of rows. Shared by every previewer panel showing the same file.
 */
export class DatasetDocument extends Disposable implements vscode.CustomDocument {
  private readonly statusEmitter = this.register(new vscode.EventEmitter<IndexStatus>());
  /** Fires with index progress, completion, failure, and new generations. */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private reader: (RandomAccessReader & vscode.Disposable) | undefined;
  private index: LineIndex | undefined;
  private building: AbortController | undefined;
  private currentStatus: IndexStatus = { generation: 0, rows: 0, bytesScanned: 0, totalBytes: 0, done: false };

  constructor(
    readonly uri: vscode.Uri,
    private readonly logger: Logger,
  ) {
    super();
    if (uri.scheme === 'file') {
      const folder = vscode.Uri.joinPath(uri, '..');
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name)));
      this.register(watcher.onDidChange(() => void this.rebuild()));
      this.register(watcher.onDidCreate(() => void this.rebuild()));
    }
  }

  get status(): IndexStatus {
    return this.currentStatus;
  }

  get fileName(): string {
    return this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
  }

  /** (Re)builds the row index as a new generation, cancelling a build still running. */
  async rebuild(): Promise<void> {
    this.building?.abort();
    const controller = new AbortController();
    this.building = controller;
    const generation = this.currentStatus.generation + 1;
    this.index = undefined;
    this.reader?.dispose();
    this.reader = undefined;
    const started = Date.now();
    let lastReport = 0;
    try {
      const reader = await openRangeReader(this.uri);
      if (controller.signal.aborted || this.isDisposed) {
        reader.dispose();
        return;
      }
      this.reader = reader;
      this.publish({ generation, rows: 0, bytesScanned: 0, totalBytes: await reader.size(), done: false });
      const index = await LineIndex.build(reader, {
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastReport < PROGRESS_INTERVAL_MS) return;
          lastReport = now;
          this.publish({ generation, rows: p.rows, bytesScanned: p.bytesScanned, totalBytes: p.totalBytes, done: false });
        },
      });
      this.index = index;
      this.publish({ generation, rows: index.rowCount, bytesScanned: index.fileSize, totalBytes: index.fileSize, done: true });
      this.logger.info(`indexed ${this.fileName}: ${index.rowCount} records, ${index.fileSize} bytes in ${Date.now() - started} ms`);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`indexing ${this.uri.toString()} failed: ${message}`);
      this.publish({ ...this.currentStatus, generation, done: true, error: message });
    }
  }

  async readRows(generation: number, start: number, count: number, maxChars: number): Promise<RowsPage> {
    const index = this.index;
    const reader = this.reader;
    if (generation !== this.currentStatus.generation || !index || !reader) {
      throw new RpcError('stale', `generation ${generation} is not current (${this.currentStatus.generation})`);
    }
    const first = Math.max(0, start);
    const last = Math.min(index.rowCount, first + Math.max(0, count));
    const decoder = new TextDecoder('utf-8');
    // Up to 4 bytes per character: enough bytes to fill maxChars, never a whole huge line.
    const maxBytes = Math.max(16, maxChars * 4);
    const rows = [];
    for (let row = first; row < last; row++) {
      const { start: from, end } = index.rowRange(row);
      const length = Math.min(end - from, maxBytes);
      const bytes = new Uint8Array(length);
      const read = await reader.read(from, bytes);
      let text = decoder.decode(bytes.subarray(0, read));
      const truncated = end - from > length || text.length > maxChars;
      if (truncated) text = text.slice(0, maxChars).replace(/\uFFFD+$/, '');
      rows.push({ row, text, truncated });
    }
    return { generation, start: first, rows };
  }

  override dispose(): void {
    this.building?.abort();
    this.reader?.dispose();
    super.dispose();
  }

  private publish(status: IndexStatus): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }
}
