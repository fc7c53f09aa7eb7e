import * as vscode from 'vscode';
import type { DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import type { Finding } from '../../shared/findings';
import type { DatasetInfoEntry } from '../../core/dataset/formats/datasetInfo';
import type { Logger } from '../../core/logger';
import { fileSource } from '../../core/dataset/reading/byteSource';
import type { ByteSource } from '../../core/dataset/reading/byteSource';
import { readRows } from '../../core/dataset/preview/pageReader';
import type { ColumnSet } from '../../core/dataset/preview/previewColumns';
import { PreviewViews, findingsByRecord, majorityColumnSet, previewSummary } from '../../core/dataset/preview/previewViews';
import { RecordIndex } from '../../core/dataset/preview/recordIndex';
import { RpcError } from '../../shared/protocol/rpc';
import type { AnalysisStatus, IndexStatus, ViewFilter } from '../../shared/protocol/datasetPreview';
import { Disposable } from '../../platform/disposable';
import type { AnalysisSession } from '../../platform/datasetEngine/analysisSession';
import { AnalysisCancelledError } from '../../platform/datasetEngine/analysisSession';
import { analysisInputs } from '../../platform/datasetEngine/analysisInputs';
import { openRangeReader } from './fileRangeReader';
import type { JoinedFindingsPort } from './joinedFindings';
import { withJoinedFindings } from './joinedFindings';

const PROGRESS_INTERVAL_MS = 100;
/** Rows sampled from the start of the file to choose the table's columns. */
const COLUMN_SAMPLE_ROWS = 32;

/**
 * One dataset file opened in the previewer, shared by every panel showing it: the random-
 * access reader, the record index (new generation when the file changes on disk), the
 * engine's analysis of the file, and the filtered views and searches panels ask for.
 */
export class DatasetDocument extends Disposable implements vscode.CustomDocument {
  private readonly indexEmitter = this.register(new vscode.EventEmitter<IndexStatus>());
  private readonly analysisEmitter = this.register(new vscode.EventEmitter<AnalysisStatus>());
  readonly onDidChangeIndex = this.indexEmitter.event;
  readonly onDidChangeAnalysis = this.analysisEmitter.event;

  private readerHandle: (ByteSource & vscode.Disposable) | undefined;
  private currentIndex = new RecordIndex();
  private building: AbortController | undefined;
  private analysisCancellation: vscode.CancellationTokenSource | undefined;
  private indexStatusValue: IndexStatus = { generation: 0, records: 0, bytesScanned: 0, totalBytes: 0, done: false };
  private analysisStatusValue: AnalysisStatus = { generation: 0, state: 'waiting', progress: 0 };
  private report: DatasetReport | undefined;
  /** The previewer's own analysis, before joined findings (the semantic pass's) are added. */
  private ownReport: DatasetReport | undefined;
  private findingsByRecord = new Map<number, Finding[]>();
  private readonly views = new PreviewViews();
  private columnSetValue: ColumnSet = 'instruction';
  private firstRecords: Promise<void> = Promise.resolve();
  private indexDone: Promise<void> = Promise.resolve();
  info: DatasetInfoEntry | undefined;

  constructor(
    readonly uri: vscode.Uri,
    private readonly session: AnalysisSession,
    private readonly logger: Logger,
    private readonly joined?: JoinedFindingsPort,
  ) {
    super();
    if (joined) this.register(joined.onDidChange((changed) => changed.toString() === uri.toString() && this.joinFindings()));
    if (uri.scheme === 'file') {
      const folder = vscode.Uri.joinPath(uri, '..');
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, this.fileName)));
      this.register(watcher.onDidChange(() => this.rebuild()));
      this.register(watcher.onDidCreate(() => this.rebuild()));
    }
  }

  get fileName(): string {
    return this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
  }

  get index(): RecordIndex {
    return this.currentIndex;
  }

  get reader(): ByteSource {
    if (!this.readerHandle) throw new RpcError('stale', 'the file is not open');
    return this.readerHandle;
  }

  get indexStatus(): IndexStatus {
    return this.indexStatusValue;
  }

  get analysisStatus(): AnalysisStatus {
    return this.analysisStatusValue;
  }

  get columnSet(): ColumnSet {
    return this.columnSetValue;
  }

  get analysisReport(): DatasetReport | undefined {
    return this.report;
  }

  findingsOf(row: number): readonly Finding[] {
    return this.findingsByRecord.get(row + 1) ?? [];
  }

  /** Resolves once the first records are indexed (or the file is fully indexed). */
  whenFirstRecords(): Promise<void> {
    return this.firstRecords;
  }

  whenIndexed(): Promise<void> {
    return this.indexDone;
  }

  checkGeneration(generation: number): void {
    if (generation !== this.indexStatusValue.generation)
      throw new RpcError('stale', `generation ${generation} is not current (${this.indexStatusValue.generation})`);
  }

  /** Starts over: a new generation, a new index, a new analysis. */
  rebuild(): void {
    this.building?.abort();
    this.analysisCancellation?.cancel();
    const controller = new AbortController();
    this.building = controller;
    const generation = this.indexStatusValue.generation + 1;
    const index = new RecordIndex();
    this.currentIndex = index;
    this.report = undefined;
    this.ownReport = undefined;
    this.findingsByRecord = new Map();
    this.views.clear();
    this.setAnalysis({ generation, state: 'waiting', progress: 0 });
    let firstRecordsSeen: () => void = () => undefined;
    this.firstRecords = new Promise((resolve) => (firstRecordsSeen = resolve));
    this.indexDone = this.buildIndex(index, generation, controller, () => firstRecordsSeen()).finally(() => firstRecordsSeen());
    void this.indexDone.then(() => {
      if (!controller.signal.aborted) void this.analyze(generation);
    });
  }

  /** A view of the records a filter (and a search) shows; see PreviewViews. */
  createView(filter: ViewFilter, searchId: number | undefined): { viewId: number; total: number } {
    return this.views.create(filter, searchId, this.findingsByRecord, this.index.count);
  }

  /** Record indices of positions [start, start + count) of a view. */
  viewRows(viewId: number, start: number, count: number): number[] {
    return this.views.rows(viewId, start, count, this.index.count);
  }

  positionInView(viewId: number, row: number): number {
    return this.views.positionOf(viewId, row, this.index.count);
  }

  addSearch(rows: number[]): number {
    return this.views.addSearch(rows);
  }

  /** A byte source for the whole file (export, analysis). */
  async openSource(): Promise<ByteSource> {
    return fileSource(this.uri.fsPath);
  }

  override dispose(): void {
    this.building?.abort();
    this.analysisCancellation?.cancel();
    this.readerHandle?.dispose();
    super.dispose();
  }

  private async buildIndex(index: RecordIndex, generation: number, controller: AbortController, firstRecordsSeen: () => void): Promise<void> {
    const started = Date.now();
    let lastReport = 0;
    try {
      this.readerHandle?.dispose();
      this.readerHandle = undefined;
      const reader = await openRangeReader(this.uri);
      if (controller.signal.aborted) {
        reader.dispose();
        return;
      }
      this.readerHandle = reader;
      const total = await reader.size();
      this.setIndex({ generation, records: 0, bytesScanned: 0, totalBytes: total, done: false });
      let sampled = false;
      await index.build(reader, {
        signal: controller.signal,
        onProgress: (p) => {
          if (!sampled && (p.records >= COLUMN_SAMPLE_ROWS || p.bytesScanned >= p.totalBytes)) {
            sampled = true;
            // A rebuild (the file changed) closes the reader under it: the next generation chooses again.
            void this.chooseColumns(index)
              .catch((error: unknown) => this.logger.info(`columns of ${this.fileName} not chosen: ${error instanceof Error ? error.message : String(error)}`))
              .finally(firstRecordsSeen);
          }
          const now = Date.now();
          if (now - lastReport < PROGRESS_INTERVAL_MS) return;
          lastReport = now;
          this.setIndex({ generation, records: p.records, bytesScanned: p.bytesScanned, totalBytes: p.totalBytes, done: false });
        },
      });
      if (!sampled) await this.chooseColumns(index);
      this.setIndex({ generation, records: index.count, bytesScanned: total, totalBytes: total, done: true });
      this.logger.info(`indexed ${this.fileName}: ${index.count} records, ${total} bytes in ${Date.now() - started} ms`);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`indexing ${this.uri.toString()} failed: ${message}`);
      this.setIndex({ ...this.indexStatusValue, generation, done: true, error: message });
    }
  }

  /** Columns follow the format most of the first records have. */
  private async chooseColumns(index: RecordIndex): Promise<void> {
    const reader = this.readerHandle;
    if (!reader) return;
    const { info } = await analysisInputs(this.uri, this.logger);
    this.info = info;
    const sample = Array.from({ length: Math.min(COLUMN_SAMPLE_ROWS, index.count) }, (_, i) => i);
    this.columnSetValue = majorityColumnSet(await readRows(reader, index, sample, 'instruction', 0, info));
  }

  private async analyze(generation: number): Promise<void> {
    if (this.uri.scheme !== 'file') return;
    const cancellation = new vscode.CancellationTokenSource();
    this.analysisCancellation = cancellation;
    this.setAnalysis({ generation, state: 'running', progress: 0 });
    try {
      const { options, info } = await analysisInputs(this.uri, this.logger);
      let last = 0;
      const report = await this.session.analyze({ kind: 'file', path: this.uri.fsPath }, options, info, cancellation.token, (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
        this.setAnalysis({ generation, state: 'running', progress: p.stage === 'reading' && p.totalBytes ? (0.9 * p.bytes) / p.totalBytes : 0.95 });
      });
      if (generation !== this.indexStatusValue.generation) return;
      this.ownReport = report;
      this.joinFindings();
    } catch (error) {
      if (error instanceof AnalysisCancelledError || cancellation.token.isCancellationRequested) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`analysis of ${this.uri.toString()} failed: ${message}`);
      this.setAnalysis({ generation, state: 'failed', progress: 0, error: message });
    } finally {
      cancellation.dispose();
    }
  }

  /** The own report with the findings joined to the diagnostics' (semantic duplicates), published as a new summary. */
  private joinFindings(): void {
    const own = this.ownReport;
    if (!own) return;
    const report = withJoinedFindings(own, this.joined?.joinedFindings(this.uri), this.index.count);
    this.report = report;
    this.findingsByRecord = findingsByRecord(report.findings);
    this.setAnalysis({ generation: this.indexStatusValue.generation, state: 'done', progress: 1, summary: previewSummary(report) });
  }

  private setIndex(status: IndexStatus): void {
    this.indexStatusValue = status;
    this.indexEmitter.fire(status);
  }

  private setAnalysis(status: AnalysisStatus): void {
    this.analysisStatusValue = status;
    this.analysisEmitter.fire(status);
  }
}
