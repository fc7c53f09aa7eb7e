import type { LexiconTerm } from '../../text/termMatcher';
import type { AnalysisOptions } from '../analysisOptions';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import type { AnalysisProgress, DatasetReport } from './analyzeDataset';

/**
 * Messages between the extension host and its analysis session worker, which runs whole
 * analyses (reading included) so the extension host's main thread never does dataset work.
 */
export type SessionSource = { kind: 'bytes'; name: string; bytes: Uint8Array } | { kind: 'file'; path: string };

export type ToSession =
  | {
      type: 'analyze';
      id: number;
      source: SessionSource;
      options: AnalysisOptions;
      info?: DatasetInfoEntry;
      /** Sent when they change; otherwise the session reuses the terms of `termsVersion`. */
      terms?: LexiconTerm[];
      termsVersion: number;
      threads: number;
      workerScript?: string;
    }
  | { type: 'cancel'; id: number };

export type FromSession =
  | { type: 'progress'; id: number; progress: AnalysisProgress }
  | { type: 'done'; id: number; report: DatasetReport }
  | { type: 'failed'; id: number; message: string; cancelled: boolean };
