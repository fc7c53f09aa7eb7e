// Analysis session: a child process of the extension host that runs whole dataset analyses,
// so neither their CPU nor their memory (hundreds of MB for a million records) nor a crash
// ever lands in the extension host. Messages use Node's advanced (structured-clone) IPC.
import { analyzeDataset } from '../core/dataset/analysis/analyzeDataset';
import type { FromSession, ToSession } from '../core/dataset/analysis/sessionProtocol';
import { bytesSource, fileSource } from '../core/dataset/reading/byteSource';
import type { LexiconTerm } from '../core/text/termMatcher';

const running = new Map<number, AbortController>();
let terms: LexiconTerm[] = [];
let termsVersion = -1;

function post(message: FromSession): void {
  process.send?.(message);
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
  let source;
  try {
    source = message.source.kind === 'bytes' ? bytesSource(message.source.name, message.source.bytes) : await fileSource(message.source.path);
  } catch (error) {
    running.delete(message.id);
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error), cancelled: false });
    return;
  }
  let lastProgress = 0;
  let lastStage = '';
  try {
    const report = await analyzeDataset(source, {
      analysis: message.options,
      datasetInfo: message.info,
      terms,
      threads: message.threads,
      workerScript: message.workerScript,
      signal: controller.signal,
      onProgress: (progress) => {
        // at most five a second, but a new stage always shows at once
        const now = Date.now();
        if (now - lastProgress < 200 && progress.stage === lastStage) return;
        lastProgress = now;
        lastStage = progress.stage;
        post({ type: 'progress', id: message.id, progress });
      },
    });
    // A plain copy: the findings built as objects (the engine keeps them in columns; the editor takes the list).
    post({ type: 'done', id: message.id, report: { ...report } });
  } catch (error) {
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error), cancelled: controller.signal.aborted });
  } finally {
    running.delete(message.id);
    await source.close();
  }
}

process.on('message', (message: ToSession) => {
  if (message.type === 'cancel') running.get(message.id)?.abort();
  else void analyze(message);
});
// The extension host went away: so do we.
process.on('disconnect', () => process.exit(0));
