// Analysis session worker: runs whole dataset analyses for the extension, off its main thread.
import { parentPort } from 'node:worker_threads';
import { analyzeDataset } from '../core/dataset/analysis/analyzeDataset';
import type { FromSession, ToSession } from '../core/dataset/analysis/sessionProtocol';
import { bytesSource, fileSource } from '../core/dataset/reading/byteSource';
import type { LexiconTerm } from '../core/text/termMatcher';

const running = new Map<number, AbortController>();
let terms: LexiconTerm[] = [];
let termsVersion = -1;

function post(message: FromSession): void {
  parentPort?.postMessage(message);
}

async function analyze(message: Extract<ToSession, { type: 'analyze' }>): Promise<void> {
  if (message.terms) {
    terms = message.terms;
    termsVersion = message.termsVersion;
  } else if (message.termsVersion !== termsVersion) {
    post({ type: 'failed', id: message.id, message: 'lexicon out of date', cancelled: false });
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const source = message.source.kind === 'bytes' ? bytesSource(message.source.name, message.source.bytes) : await fileSource(message.source.path);
  let lastProgress = 0;
  try {
    const report = await analyzeDataset(source, {
      analysis: message.options,
      datasetInfo: message.info,
      terms,
      threads: message.threads,
      workerScript: message.workerScript,
      signal: controller.signal,
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastProgress < 200) return;
        lastProgress = now;
        post({ type: 'progress', id: message.id, progress });
      },
    });
    post({ type: 'done', id: message.id, report });
  } catch (error) {
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error), cancelled: controller.signal.aborted });
  } finally {
    running.delete(message.id);
    await source.close();
  }
}

parentPort?.on('message', (message: ToSession) => {
  if (message.type === 'cancel') running.get(message.id)?.abort();
  else void analyze(message);
});
