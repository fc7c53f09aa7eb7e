import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LexiconTerm } from '../../text/termMatcher';
import { TermMatcher } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import type { BatchResult, RecordBatch } from './batch';
import { RecordAnalyzer } from './recordAnalyzer';
import type { ShingleBatch, ShingleResult } from './shingleBatch';
import { ShingleSetBuilder } from './shingleBatch';

/** What every analysis worker starts with. */
export interface AnalyzerSetup {
  options: AnalysisOptions;
  info?: DatasetInfoEntry;
  terms: LexiconTerm[];
}

/** Analyses batches on worker threads, or in this thread when `threads` is 0. */
export interface BatchRunner {
  run(batch: RecordBatch): Promise<BatchResult>;
  /** Shingle sets for near-duplicate verification (after every record batch is done). */
  shingles(batch: ShingleBatch): Promise<ShingleResult>;
  close(): Promise<void>;
}

export function inThreadRunner(setup: AnalyzerSetup): BatchRunner {
  const analyzer = new RecordAnalyzer(setup.options, setup.info, setup.terms.length ? TermMatcher.build(setup.terms) : undefined);
  const builder = new ShingleSetBuilder(setup.info);
  return {
    run: (batch) => Promise.resolve(analyzer.analyzeBatch(batch)),
    shingles: (batch) => Promise.resolve(builder.build(batch)),
    close: () => Promise.resolve(),
  };
}

/** Where the worker bundle is: next to the bundle (dist/) or in the transpiled tree (out/src/). */
export function defaultWorkerScript(): string | undefined {
  const candidates = [join(__dirname, 'workers', 'datasetAnalysis.js'), join(__dirname, '..', '..', '..', 'workers', 'datasetAnalysis.js')];
  return candidates.find((p) => existsSync(p));
}

export function workerRunner(setup: AnalyzerSetup, threads: number, script: string): BatchRunner {
  const workers = Array.from({ length: threads }, () => new Worker(script, { workerData: setup }));
  const load = workers.map(() => 0);
  // Record batches and shingle batches number their sequences separately.
  const pending = new Map<string, { resolve: (r: BatchResult | ShingleResult) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on('message', (result: BatchResult | ShingleResult) => {
      load[workers.indexOf(worker)]--;
      const key = `${'kind' in result ? result.kind : 'records'}:${result.sequence}`;
      const entry = pending.get(key);
      pending.delete(key);
      entry?.resolve(result);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    });
  }
  const send = <R>(batch: RecordBatch | ShingleBatch): Promise<R> => {
    if (failure) return Promise.reject(failure);
    // the least busy worker takes the batch
    let pick = 0;
    for (let w = 1; w < workers.length; w++) if (load[w] < load[pick]) pick = w;
    load[pick]++;
    return new Promise<R>((resolve, reject) => {
      pending.set(`${batch.kind === 'shingles' ? 'shingles' : 'records'}:${batch.sequence}`, {
        resolve: resolve as (r: BatchResult | ShingleResult) => void,
        reject,
      });
      workers[pick].postMessage(batch, [batch.bytes.buffer as ArrayBuffer]);
    });
  };
  return {
    run: (batch) => send<BatchResult>(batch),
    shingles: (batch) => send<ShingleResult>(batch),
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
