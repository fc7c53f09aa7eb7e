// Config worker: a worker thread of the extension host that checks large training configs
// (hundreds of kilobytes take a second or more to parse with positions), so typing in the
// editor never waits for them. One check at a time; the host drops answers it no longer needs.
import { parentPort } from 'node:worker_threads';
import { checkConfig } from '../core/config/checkConfig';
import type { ConfigCheckReply, ConfigCheckRequest } from '../core/config/checkProtocol';

parentPort?.on('message', (request: ConfigCheckRequest) => {
  let reply: ConfigCheckReply;
  try {
    reply = { id: request.id, check: checkConfig(request.text, request.format, request.options) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
