import { RpcEndpoint } from '../../src/shared/protocol/rpc';
import type { NotificationHandlers, ProtocolSide, RequestHandlers } from '../../src/shared/protocol/rpc';
import { vscodeApi } from './host';

/** The webview's end of the shared protocol, bound to `postMessage` and `message` events. */
export function connectToHost<Local extends ProtocolSide, Remote extends ProtocolSide>(
  requestHandlers: RequestHandlers<Local>,
  notificationHandlers: NotificationHandlers<Local>,
): RpcEndpoint<Local, Remote> {
  const api = vscodeApi();
  const endpoint = new RpcEndpoint<Local, Remote>({
    post: (message) => api.postMessage(message),
    requestHandlers,
    notificationHandlers,
    onError: (error, context) => console.error(`[tunelab] ${context}`, error),
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => endpoint.handleMessage(event.data));
  return endpoint;
}
