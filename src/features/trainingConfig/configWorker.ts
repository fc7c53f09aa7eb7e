import { Worker } from 'node:worker_threads';
import type { CheckConfigOptions, ConfigCheck } from '../../core/config/checkConfig';
import type { ConfigCheckReply, ConfigCheckRequest } from '../../core/config/checkProtocol';
import type { ConfigFormat } from '../../core/config/document/parseConfig';

/**
 * Runs config checks in a worker thread (dist/workers/configCheck.js), started on the first
 * large config and kept for the next ones. If the thread dies, pending checks fail and the
 * next check starts a new one.
 */
export class ConfigWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (check: ConfigCheck) => void; reject: (error: Error) => void }>();

  constructor(private readonly script: string) {}

  check(text: string, format: ConfigFormat, options: CheckConfigOptions): Promise<ConfigCheck> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ConfigCheck>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: ConfigCheckRequest = { id, text, format, options };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    this.failAll(new Error('config worker stopped'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: ConfigCheckReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('check' in reply) waiting?.resolve(reply.check);
      else waiting?.reject(new Error(reply.error));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`config worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
