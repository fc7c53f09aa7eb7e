import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { AnalysisProgress, DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import type { FromSession, SessionSource, ToSession } from '../../core/dataset/analysis/sessionProtocol';
import type { AnalysisOptions } from '../../core/dataset/analysisOptions';
import type { DatasetInfoEntry } from '../../core/dataset/formats/datasetInfo';
import type { Logger } from '../../core/logger';
import type { LexiconTerm } from '../../core/text/termMatcher';

/** Inputs above this size are analysed with worker threads of their own, below it inside the session. */
const PARALLEL_BYTES = 4 << 20;

export class AnalysisCancelledError extends Error {}

interface Pending {
  resolve: (report: DatasetReport) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: AnalysisProgress) => void;
}

/**
 * The extension host's client of the analysis session, a child process (as language servers
 * are): started on first use, restarted if it dies, one request id per analysis,
 * cancellation through a token. Its memory and a crash stay out of the extension host.
 */
export class AnalysisSession implements vscode.Disposable {
  private worker: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private terms: { list: LexiconTerm[]; version: number } = { list: [], version: 0 };
  private sentTermsVersion = -1;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  setTerms(terms: LexiconTerm[]): void {
    this.terms = { list: terms, version: this.terms.version + 1 };
  }

  analyze(
    source: SessionSource,
    options: AnalysisOptions,
    info: DatasetInfoEntry | undefined,
    token: vscode.CancellationToken,
    onProgress?: (p: AnalysisProgress) => void,
  ): Promise<DatasetReport> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const size = source.kind === 'bytes' ? source.bytes.length : Infinity;
    const message: ToSession = {
      type: 'analyze',
      id,
      source,
      options,
      info,
      termsVersion: this.terms.version,
      terms: this.sentTermsVersion === this.terms.version ? undefined : this.terms.list,
      threads: size < PARALLEL_BYTES ? 0 : 2,
      workerScript: vscode.Uri.joinPath(this.extensionUri, 'dist', 'workers', 'datasetAnalysis.js').fsPath,
    };
    this.sentTermsVersion = this.terms.version;
    return new Promise<DatasetReport>((resolve, reject) => {
      const subscription = token.onCancellationRequested(() => worker.send({ type: 'cancel', id } satisfies ToSession));
      this.pending.set(id, {
        resolve: (report) => {
          subscription.dispose();
          resolve(report);
        },
        reject: (error) => {
          subscription.dispose();
          reject(error);
        },
        onProgress,
      });
      worker.send(message);
    });
  }

  dispose(): void {
    for (const p of this.pending.values()) p.reject(new AnalysisCancelledError('TuneLab is shutting down'));
    this.pending.clear();
    this.worker?.kill();
    this.worker = undefined;
  }

  private ensureWorker(): ChildProcess {
    if (this.worker) return this.worker;
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'workers', 'datasetSession.js').fsPath;
    // Advanced serialization: structured clone over IPC, so typed arrays travel as such.
    const worker = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    worker.stderr?.on('data', (chunk: Buffer) => this.logger.warn(`analysis session: ${chunk.toString().trim()}`));
    worker.on('message', (message: FromSession) => {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      if (message.type === 'progress') {
        entry.onProgress?.(message.progress);
        return;
      }
      this.pending.delete(message.id);
      if (message.type === 'done') entry.resolve(message.report);
      else if (message.message === 'lexicon out of date') {
        this.sentTermsVersion = -1; // the session restarted without our terms: resend next time
        entry.reject(new AnalysisCancelledError(message.message));
      } else entry.reject(message.cancelled ? new AnalysisCancelledError(message.message) : new Error(message.message));
    });
    worker.on('error', (error) => this.logger.error(`analysis session failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.sentTermsVersion = -1;
      for (const p of this.pending.values()) p.reject(new Error(`the analysis worker stopped (exit code ${code})`));
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }
}
