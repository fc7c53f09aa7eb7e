import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { RpcEndpoint } from '../shared/protocol/rpc';
import type { NotificationHandlers, ProtocolSide, ReadyCapableSide, RequestHandlers } from '../shared/protocol/rpc';
import { toDisposable } from './disposable';

/**
 * Binds the shared RPC endpoint to a webview: messages in through `onDidReceiveMessage`,
 * out through `postMessage`, held until the webview's `ready` request. Hiding a webview
 * without retained context destroys its page, so the endpoint holds messages again until
 * the page sends a new `ready`.
 */
export function connectWebview<Local extends ReadyCapableSide, Remote extends ProtocolSide>(options: {
  webview: vscode.Webview;
  panel?: vscode.WebviewPanel;
  requestHandlers: RequestHandlers<Local>;
  notificationHandlers: NotificationHandlers<Local>;
  logger: Logger;
}): { endpoint: RpcEndpoint<Local, Remote>; disposable: vscode.Disposable } {
  const { webview, logger } = options;
  const endpoint = new RpcEndpoint<Local, Remote>({
    post: (message) => {
      webview.postMessage(message).then(
        (delivered) => {
          if (!delivered) logger.debug(`webview dropped a ${message.kind}`);
        },
        (error: unknown) => logger.warn(`postMessage failed: ${String(error)}`),
      );
    },
    holdUntilReady: true,
    requestHandlers: options.requestHandlers,
    notificationHandlers: options.notificationHandlers,
    onError: (error, context) => logger.error(`${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const subscriptions = [webview.onDidReceiveMessage((message: unknown) => endpoint.handleMessage(message))];
  if (options.panel) {
    subscriptions.push(
      options.panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) endpoint.resetPeer();
      }),
    );
  }
  return {
    endpoint,
    disposable: toDisposable(() => {
      endpoint.dispose();
      for (const s of subscriptions) s.dispose();
    }),
  };
}
