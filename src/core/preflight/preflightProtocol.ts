import type { PreflightReport } from './preflightTypes';
import type { PreflightRequest } from './preparePreflight';

/**
 * The pre-flight asked of its worker thread (src/workers/preflight.ts): the request without the
 * signal and the progress callback, which cannot cross threads. Cancelling terminates the worker.
 */
export type PreflightWorkerRequest = Omit<PreflightRequest, 'signal' | 'progress'>;

/** What the worker posts back: staged progress, then the report (plain data) or the error. */
export type PreflightWorkerMessage =
  | { type: 'progress'; stage: string; fraction?: number }
  /** `report` undefined: not a training config. `ranIn` says which thread ran it (the integration tests assert it). */
  | { type: 'done'; report?: PreflightReport; ranIn: 'worker' | 'host' }
  | { type: 'error'; message: string };
