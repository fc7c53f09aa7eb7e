// Pre-flight worker: runs one pre-flight (reading every data file, tokenizing every record with
// the model's tokenizer) off the extension host's thread, so the editor stays responsive while
// millions of tokens are counted. One run per worker; the host terminates it to cancel.
import { isMainThread, parentPort } from 'node:worker_threads';
import type { PreflightWorkerMessage, PreflightWorkerRequest } from '../core/preflight/preflightProtocol';
import { preflightConfig } from '../core/preflight/preparePreflight';
import { enableColumnarSamples } from '../core/preflight/columnarSample';

// This bundle has the columnar readers (the token count needs them): the data checks sample those files too.
enableColumnarSamples();

const post = (message: PreflightWorkerMessage) => parentPort?.postMessage(message);

parentPort?.once('message', (request: PreflightWorkerRequest) => {
  void (async () => {
    try {
      const { report } = await preflightConfig({ ...request, progress: (stage, fraction) => post({ type: 'progress', stage, fraction }) });
      post({ type: 'done', report, ranIn: isMainThread ? 'host' : 'worker' });
    } catch (error) {
      // A report that cannot be cloned, or a check that escaped runPreflight's guard: said, not thrown.
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
