import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LexiconTerm } from '../../text/termMatcher';
import { TermMatcher } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import type { BatchResult, RecordBatch } from './batch';
import { RecordAnalyzer } from './recordAnalyzer';

/** What every analysis worker starts with. */
export interface AnalyzerSetup {
  options: AnalysisOptions;
  info?: DatasetInfoEntry;
  terms: LexiconTerm[];
}

/** Analyses batches on worker threads, or in this thread when `threads` is 0. */
export interface BatchRunner {
  run(batch: RecordBatch): Promise<BatchResult>;
  close(): Promise<void>;
}

export function inThreadRunner(setup: AnalyzerSetup): BatchRunner {
  const analyzer = new RecordAnalyzer(setup.options, setup.info, setup.terms.length ? TermMatcher.build(setup.terms) : undefined);
  return {
    run: (batch) => Promise.resolve(analyzer.analyzeBatch(batch)),
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
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on('message', (result: BatchResult) => {
      load[workers.indexOf(worker)]--;
      const entry = pending.get(result.sequence);
      pending.delete(result.sequence);
      entry?.resolve(result);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    });
  }
  return {
    run(batch) {
      if (failure) return Promise.reject(failure);
      // the least busy worker takes the batch
      let pick = 0;
      for (let w = 1; w < workers.length; w++) if (load[w] < load[pick]) pick = w;
      load[pick]++;
      return new Promise<BatchResult>((resolve, reject) => {
        pending.set(batch.sequence, { resolve, reject });
        workers[pick].postMessage(batch, [batch.bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
