import type { AnalysisProgress } from '../core/dataset/analysis/analyzeDataset';
import { stagePercent } from '../core/dataset/analysis/analysisProgress';

const BIG_FILE_BYTES = 16 << 20;

/** A one-line progress indicator on stderr, only for big files and only on a terminal. */
export function progressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  totalBytes: number,
): { update(p: AnalysisProgress): void; done(): void } {
  if (!stream.isTTY || totalBytes < BIG_FILE_BYTES) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const stage = p.stage === 'reading' ? `${stagePercent(p)}%` : `${p.stage} ${stagePercent(p)}%`;
      stream.write(`\r${label}: ${stage}, ${p.records.toLocaleString('en-US')} records   `);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
