// Config worker: a worker thread of the extension host that checks large training configs
// (hundreds of kilobytes take a second or more to parse with positions), so typing in the
// editor never waits for them. One check at a time; the host drops answers it no longer needs.
import { parentPort } from 'node:worker_threads';
import { checkConfig } from '../core/config/checkConfig';
import type { ConfigCheckReply, ConfigCheckRequest } from '../core/config/checkProtocol';

parentPort?.on('message', (request: ConfigCheckRequest) => {
  let reply: ConfigCheckReply;
  try {
    // Facts hold accessor functions, which cannot cross threads; the host derives them again.
    reply = { id: request.id, check: { ...checkConfig(request.text, request.format, request.options), facts: undefined } };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    parentPort?.postMessage(reply);
  } catch (error) {
    // A value that cannot be cloned must not kill the thread: say so instead.
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ConfigCheckReply);
  }
});
