// Worker thread of the dataset engine: analyses record batches sent by analyzeDataset, and
// builds shingle sets for its near-duplicate verification.
import { parentPort, workerData } from 'node:worker_threads';
import { RecordAnalyzer } from '../core/dataset/analysis/recordAnalyzer';
import { transferables } from '../core/dataset/analysis/batch';
import type { RecordBatch } from '../core/dataset/analysis/batch';
import { ShingleSetBuilder } from '../core/dataset/analysis/shingleBatch';
import type { ShingleBatch } from '../core/dataset/analysis/shingleBatch';
import type { AnalyzerSetup } from '../core/dataset/analysis/workerPool';
import { TermMatcher } from '../core/text/termMatcher';

const setup = workerData as AnalyzerSetup;
const analyzer = new RecordAnalyzer(setup.options, setup.info, setup.terms.length ? TermMatcher.build(setup.terms) : undefined);

const shingles = new ShingleSetBuilder(setup.info);

parentPort?.on('message', (batch: RecordBatch | ShingleBatch) => {
  if (batch.kind === 'shingles') {
    const sets = shingles.build(batch);
    parentPort?.postMessage(sets, [sets.offsets.buffer as ArrayBuffer, sets.shingles.buffer as ArrayBuffer]);
    return;
  }
  const result = analyzer.analyzeBatch(batch);
  parentPort?.postMessage(result, transferables(result));
});
