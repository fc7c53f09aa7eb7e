import { Worker } from 'node:worker_threads';
import type { PreflightWorkerMessage, PreflightWorkerRequest } from '../../core/preflight/preflightProtocol';
import type { PreflightReport } from '../../core/preflight/preflightTypes';

export interface PreflightRun {
  report?: PreflightReport;
  /** The thread that ran it: 'worker' unless something is badly wrong (the integration tests assert it). */
  ranIn: 'worker' | 'host';
}

/**
 * Runs one pre-flight in its own worker thread (dist/workers/preflight.js): tokenizing a
 * dataset takes seconds of CPU, which on the extension host's thread would freeze every
 * extension. A fresh thread per run: the tokenizer is loaded again (a fraction of the run),
 * and cancelling is a terminate, which also stops a tokenizer mid-file. The abort rejects with
 * the signal's reason, as the in-process run does.
 */
export function runPreflightInWorker(
  script: string,
  request: PreflightWorkerRequest,
  options: { signal?: AbortSignal; progress?: (stage: string, fraction?: number) => void } = {},
): Promise<PreflightRun> {
  const { signal, progress } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<PreflightRun>((resolve, reject) => {
    const worker = new Worker(script);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(abortError(signal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: PreflightWorkerMessage) => {
      if (message.type === 'progress') progress?.(message.stage, message.fraction);
      else if (message.type === 'done') finish(() => resolve({ report: message.report, ranIn: message.ranIn }));
      else finish(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`pre-flight worker exited with code ${code}`))));
    // process.env is an exotic object: a plain copy crosses the thread boundary.
    worker.postMessage({ ...request, env: { ...request.env } } satisfies PreflightWorkerRequest);
  });
}

/** The signal's reason (an AbortError DOMException by default) as an Error. */
function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}
