/**
 * A small typed request/response protocol between the extension host and a webview.
 *
 * Both sides use the same {@link RpcEndpoint}; it only needs a `post` function and to be fed
 * incoming messages, so it runs unchanged in the host, in the browser and in plain-Node tests.
 * Requests carry ids and time out; a throwing handler becomes an error reply; either side can
 * cancel a request it made. A protocol is a pair of {@link ProtocolSide} types; the handler
 * tables are mapped types over them, so leaving a request or notification unhandled is a
 * compile error rather than a silent hang.
 *
 * No `vscode`, Node or DOM imports: this file is bundled into both sides.
 */

/** One request a side answers: its parameters and its result. */
export interface RequestSpec<P = unknown, R = unknown> {
  params: P;
  result: R;
}

/** What one side of a protocol handles: requests (answered) and notifications (one-way). */
export interface ProtocolSide {
  requests: Record<string, RequestSpec>;
  notifications: Record<string, unknown>;
}

/** Every host side answers `ready`: the webview's first message once its script runs. */
export interface ReadyCapableSide extends ProtocolSide {
  requests: { ready: RequestSpec } & Record<string, RequestSpec>;
}

export type RequestMethod<S extends ProtocolSide> = keyof S['requests'] & string;
export type NotificationMethod<S extends ProtocolSide> = keyof S['notifications'] & string;
export type ParamsOf<S extends ProtocolSide, M extends RequestMethod<S>> = S['requests'][M]['params'];
export type ResultOf<S extends ProtocolSide, M extends RequestMethod<S>> = S['requests'][M]['result'];

export interface HandlerContext {
  /** Aborted when the caller cancels, times out, or the endpoint is disposed. */
  readonly signal: AbortSignal;
}

/** One handler per request method; a missing method fails to compile. */
export type RequestHandlers<S extends ProtocolSide> = {
  [M in RequestMethod<S>]: (params: ParamsOf<S, M>, context: HandlerContext) => ResultOf<S, M> | Promise<ResultOf<S, M>>;
};

/** One handler per notification method; a missing method fails to compile. */
export type NotificationHandlers<S extends ProtocolSide> = {
  [M in NotificationMethod<S>]: (params: S['notifications'][M]) => void;
};

/**
 * Why a request failed. Built in: `timeout`, `cancelled`, `disposed`, `unknown-method`,
 * `handler-failed`; handlers may throw {@link RpcError} with codes of their own (e.g. `stale`).
 */
export type RpcErrorCode = string;

/** An error that crosses the wire: its `code` survives, so callers can branch on it. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  static is(value: unknown, code?: RpcErrorCode): value is RpcError {
    return value instanceof RpcError && (code === undefined || value.code === code);
  }
}

/** The tag every envelope carries, so unrelated messages in the same channel are ignored. */
export const RPC_TAG = 'tunelab-rpc/1';

export type Envelope =
  | { rpc: typeof RPC_TAG; kind: 'request'; id: number; method: string; params: unknown }
  | { rpc: typeof RPC_TAG; kind: 'response'; id: number; result: unknown }
  | { rpc: typeof RPC_TAG; kind: 'error'; id: number; code: string; message: string }
  | { rpc: typeof RPC_TAG; kind: 'notification'; method: string; params: unknown }
  | { rpc: typeof RPC_TAG; kind: 'cancel'; id: number };

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.rpc !== RPC_TAG) return false;
  switch (v.kind) {
    case 'request':
      return typeof v.id === 'number' && typeof v.method === 'string';
    case 'response':
    case 'cancel':
      return typeof v.id === 'number';
    case 'error':
      return typeof v.id === 'number' && typeof v.code === 'string' && typeof v.message === 'string';
    case 'notification':
      return typeof v.method === 'string';
    default:
      return false;
  }
}

export interface RequestOptions {
  /** Milliseconds before the request fails with code `timeout`; 0 waits forever. */
  timeoutMs?: number;
  /** Aborting sends a cancel to the peer and rejects with code `cancelled`. */
  signal?: AbortSignal;
}

export interface RpcEndpointOptions<Local extends ProtocolSide> {
  /** Delivers one envelope to the peer (e.g. `webview.postMessage`). */
  post: (message: Envelope) => void;
  requestHandlers: RequestHandlers<Local>;
  notificationHandlers: NotificationHandlers<Local>;
  /** Default for {@link RequestOptions.timeoutMs}. */
  defaultTimeoutMs?: number;
  /**
   * Host side of a webview: hold outgoing requests and notifications until the peer's
   * `ready` request has been answered, because a webview drops messages sent before its
   * script has run.
   */
  holdUntilReady?: boolean;
  /** Called with handler failures and protocol anomalies, for logging. */
  onError?: (error: unknown, context: string) => void;
}

interface PendingRequest {
  resolve: (value: unknown) => void;
  reject: (error: RpcError) => void;
  cleanup: () => void;
}

/**
 * One end of the protocol. `Local` is what this side answers; `Remote` is what the peer answers.
 */
export class RpcEndpoint<Local extends ProtocolSide, Remote extends ProtocolSide> {
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly inbound = new Map<number, AbortController>();
  private readonly held: Envelope[] = [];
  private readonly readyListeners: Array<() => void> = [];
  private peerReady: boolean;
  private disposed = false;

  constructor(private readonly options: RpcEndpointOptions<Local>) {
    this.peerReady = !options.holdUntilReady;
  }

  /** True once the peer has completed the `ready` handshake (always true without holdUntilReady). */
  get isPeerReady(): boolean {
    return this.peerReady;
  }

  /** Resolves when the peer has completed the `ready` handshake. */
  whenReady(): Promise<void> {
    if (this.peerReady) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }

  request<M extends RequestMethod<Remote>>(method: M, params: ParamsOf<Remote, M>, options: RequestOptions = {}): Promise<ResultOf<Remote, M>> {
    if (this.disposed) return Promise.reject(new RpcError('disposed', `cannot send ${method}: endpoint disposed`));
    if (options.signal?.aborted) return Promise.reject(new RpcError('cancelled', `${method} cancelled`));
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs ?? 30_000;
    return new Promise<ResultOf<Remote, M>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        this.settle(id, new RpcError('cancelled', `${method} cancelled`));
        this.send({ rpc: RPC_TAG, kind: 'cancel', id });
      };
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, { resolve, reject, cleanup });
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          this.settle(id, new RpcError('timeout', `${method} got no answer within ${timeoutMs} ms`));
          this.send({ rpc: RPC_TAG, kind: 'cancel', id });
        }, timeoutMs);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ rpc: RPC_TAG, kind: 'request', id, method, params });
    });
  }

  notify<M extends NotificationMethod<Remote>>(method: M, params: Remote['notifications'][M]): void {
    if (this.disposed) return;
    this.send({ rpc: RPC_TAG, kind: 'notification', method, params });
  }

  /** Feeds one incoming message; anything that is not one of our envelopes is ignored. */
  handleMessage(message: unknown): void {
    if (this.disposed || !isEnvelope(message)) return;
    switch (message.kind) {
      case 'request':
        void this.answer(message.id, message.method, message.params);
        return;
      case 'response': {
        const entry = this.pending.get(message.id);
        if (!entry) return; // late answer to a request that timed out or was cancelled
        this.pending.delete(message.id);
        entry.cleanup();
        entry.resolve(message.result);
        return;
      }
      case 'error':
        this.settle(message.id, new RpcError(message.code, message.message));
        return;
      case 'cancel':
        this.inbound.get(message.id)?.abort();
        return;
      case 'notification': {
        const handlers = this.options.notificationHandlers as Record<string, ((p: unknown) => void) | undefined>;
        const handler = Object.prototype.hasOwnProperty.call(handlers, message.method) ? handlers[message.method] : undefined;
        if (!handler) {
          this.options.onError?.(new RpcError('unknown-method', message.method), 'notification');
          return;
        }
        try {
          handler(message.params);
        } catch (error) {
          this.options.onError?.(error, `notification ${message.method}`);
        }
        return;
      }
    }
  }

  /**
   * The peer went away (a hidden webview without retained context is destroyed): hold
   * outgoing messages again until it sends a new `ready`.
   */
  resetPeer(): void {
    if (this.options.holdUntilReady) this.peerReady = false;
  }

  /** Rejects everything pending, aborts running handlers, drops held messages. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, new RpcError('disposed', 'endpoint disposed'));
    for (const controller of this.inbound.values()) controller.abort();
    this.inbound.clear();
    this.held.length = 0;
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handlers = this.options.requestHandlers as Record<string, ((p: unknown, c: HandlerContext) => unknown) | undefined>;
    const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method] : undefined;
    if (!handler) {
      this.reply({ rpc: RPC_TAG, kind: 'error', id, code: 'unknown-method', message: `no handler for ${method}` });
      return;
    }
    const controller = new AbortController();
    this.inbound.set(id, controller);
    try {
      const result = await handler(params, { signal: controller.signal });
      if (controller.signal.aborted) return; // the caller no longer waits
      this.reply({ rpc: RPC_TAG, kind: 'response', id, result });
      if (method === 'ready') this.markPeerReady();
    } catch (error) {
      if (controller.signal.aborted) return;
      this.options.onError?.(error, `request ${method}`);
      const code = RpcError.is(error) ? error.code : 'handler-failed';
      const text = error instanceof Error ? error.message : String(error);
      this.reply({ rpc: RPC_TAG, kind: 'error', id, code, message: text });
    } finally {
      this.inbound.delete(id);
    }
  }

  private markPeerReady(): void {
    this.peerReady = true;
    for (const message of this.held.splice(0)) this.options.post(message);
    for (const listener of this.readyListeners.splice(0)) listener();
  }

  private settle(id: number, error: RpcError): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.cleanup();
    entry.reject(error);
  }

  /** Replies always go out at once: the peer is waiting for them. */
  private reply(message: Envelope): void {
    if (!this.disposed) this.options.post(message);
  }

  private send(message: Envelope): void {
    if (this.peerReady) this.options.post(message);
    else this.held.push(message);
  }
}
