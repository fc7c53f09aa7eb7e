// Worker thread of the dataset engine: analyses record batches sent by analyzeDataset.
import { parentPort, workerData } from 'node:worker_threads';
import { RecordAnalyzer } from '../core/dataset/analysis/recordAnalyzer';
import { transferables } from '../core/dataset/analysis/batch';
import type { RecordBatch } from '../core/dataset/analysis/batch';
import type { AnalyzerSetup } from '../core/dataset/analysis/workerPool';
import { TermMatcher } from '../core/text/termMatcher';

const setup = workerData as AnalyzerSetup;
const analyzer = new RecordAnalyzer(setup.options, setup.info, setup.terms.length ? TermMatcher.build(setup.terms) : undefined);

parentPort?.on('message', (batch: RecordBatch) => {
  const result = analyzer.analyzeBatch(batch);
  parentPort?.postMessage(result, transferables(result));
});
