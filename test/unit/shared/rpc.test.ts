import * as assert from 'node:assert/strict';
import { RpcEndpoint, RpcError, RPC_TAG, isEnvelope } from '../../../src/shared/protocol/rpc';
import type { Envelope, NotificationHandlers, RequestHandlers, RequestSpec } from '../../../src/shared/protocol/rpc';

interface HostSide {
  requests: {
    ready: RequestSpec<{ client: string }, { greeting: string }>;
    add: RequestSpec<{ a: number; b: number }, number>;
    fail: RequestSpec<Record<string, never>, never>;
    slow: RequestSpec<{ ms: number }, string>;
  };
  notifications: { log: { text: string } };
}
interface WebviewSide {
  requests: { describe: RequestSpec<undefined, { rows: number }> };
  notifications: { progress: { done: number } };
}

/** Two endpoints joined by an asynchronous, structured-clone-like channel, like postMessage. */
function wire(hostHandlers: Partial<RequestHandlers<HostSide>> = {}, options: { holdUntilReady?: boolean } = {}) {
  const events: string[] = [];
  const wireLog: Envelope[] = [];
  let slowSignal: AbortSignal | undefined;
  let toWebview: (m: unknown) => void = () => undefined;
  let toHost: (m: unknown) => void = () => undefined;
  const deliver = (target: () => (m: unknown) => void) => (m: Envelope) => {
    wireLog.push(m);
    const copy: unknown = JSON.parse(JSON.stringify(m));
    setTimeout(() => target()(copy), 0);
  };
  const host = new RpcEndpoint<HostSide, WebviewSide>({
    post: deliver(() => toWebview),
    holdUntilReady: options.holdUntilReady ?? true,
    requestHandlers: {
      ready: ({ client }) => ({ greeting: `hello ${client}` }),
      add: ({ a, b }) => a + b,
      fail: () => {
        throw new RpcError('no-such-file', 'file vanished');
      },
      slow: ({ ms }, { signal }) =>
        new Promise((resolve) => {
          slowSignal = signal;
          const t = setTimeout(() => resolve('finished'), ms);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            events.push('slow aborted');
          });
        }),
      ...hostHandlers,
    },
    notificationHandlers: { log: ({ text }) => events.push(`log ${text}`) },
  });
  const webview = new RpcEndpoint<WebviewSide, HostSide>({
    post: deliver(() => toHost),
    requestHandlers: { describe: () => ({ rows: 7 }) },
    notificationHandlers: { progress: ({ done }) => events.push(`progress ${done}`) },
  } satisfies { requestHandlers: RequestHandlers<WebviewSide>; notificationHandlers: NotificationHandlers<WebviewSide>; post: (m: Envelope) => void });
  toWebview = (m) => webview.handleMessage(m);
  toHost = (m) => host.handleMessage(m);
  return { host, webview, events, wireLog, slowSignal: () => slowSignal };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('rpc endpoint (two endpoints wired in memory)', () => {
  it('answers a request with the typed result', async () => {
    const { webview } = wire();
    assert.equal(await webview.request('add', { a: 2, b: 3 }), 5);
  });

  it('completes the ready handshake and only then releases held host messages', async () => {
    const { host, webview, events } = wire();
    host.notify('progress', { done: 1 });
    const describe = host.request('describe', undefined);
    await tick();
    assert.deepEqual(events, [], 'nothing reaches the webview before ready');
    assert.equal(host.isPeerReady, false);
    const ready = host.whenReady();
    assert.deepEqual(await webview.request('ready', { client: 'test' }), { greeting: 'hello test' });
    await ready;
    assert.deepEqual(await describe, { rows: 7 });
    assert.deepEqual(events, ['progress 1']);
  });

  it('turns a thrown error into an error reply that keeps its code', async () => {
    const { webview } = wire();
    await assert.rejects(webview.request('fail', {}), (e: unknown) => RpcError.is(e, 'no-such-file') && e.message === 'file vanished');
  });

  it('wraps a plain thrown Error as handler-failed', async () => {
    const { webview } = wire({
      add: () => {
        throw new Error('boom');
      },
    });
    await assert.rejects(webview.request('add', { a: 1, b: 1 }), (e: unknown) => RpcError.is(e, 'handler-failed'));
  });

  it('rejects a request for a method the peer does not handle', async () => {
    const { webview } = wire();
    const untyped = webview as unknown as { request(m: string, p: unknown): Promise<unknown> };
    await assert.rejects(untyped.request('nope', {}), (e: unknown) => RpcError.is(e, 'unknown-method'));
  });

  it('times out, tells the peer to stop, and ignores the late answer', async () => {
    const { webview, events } = wire();
    await assert.rejects(webview.request('slow', { ms: 200 }, { timeoutMs: 20 }), (e: unknown) => RpcError.is(e, 'timeout'));
    await tick(30);
    assert.deepEqual(events, ['slow aborted']);
  });

  it('cancels through an AbortSignal and aborts the handler on the other side', async () => {
    const { webview, events, slowSignal } = wire();
    const controller = new AbortController();
    const pending = webview.request('slow', { ms: 500 }, { signal: controller.signal });
    await tick();
    controller.abort();
    await assert.rejects(pending, (e: unknown) => RpcError.is(e, 'cancelled'));
    await tick();
    assert.equal(slowSignal()?.aborted, true);
    assert.deepEqual(events, ['slow aborted']);
  });

  it('rejects pending requests when disposed and refuses new ones', async () => {
    const { webview } = wire();
    const pending = webview.request('slow', { ms: 500 });
    webview.dispose();
    await assert.rejects(pending, (e: unknown) => RpcError.is(e, 'disposed'));
    await assert.rejects(webview.request('add', { a: 1, b: 2 }), (e: unknown) => RpcError.is(e, 'disposed'));
  });

  it('delivers notifications in order', async () => {
    const { webview, events } = wire({}, { holdUntilReady: false });
    webview.notify('log', { text: 'a' });
    webview.notify('log', { text: 'b' });
    await tick();
    assert.deepEqual(events, ['log a', 'log b']);
  });

  it('holds messages again after the peer is reset, until a new ready', async () => {
    const { host, webview, events } = wire();
    await webview.request('ready', { client: 'first' });
    host.resetPeer();
    host.notify('progress', { done: 2 });
    await tick();
    assert.deepEqual(events, []);
    await webview.request('ready', { client: 'second' });
    await tick();
    assert.deepEqual(events, ['progress 2']);
  });

  it('makes a handler table that misses a method a compile error', () => {
    // @ts-expect-error: 'add', 'fail' and 'slow' have no handler (type-checked by `npm run typecheck`)
    const incomplete: RequestHandlers<HostSide> = { ready: () => ({ greeting: '' }) };
    assert.equal(typeof incomplete.ready, 'function');
  });

  it('ignores foreign messages and recognises only well-formed envelopes', () => {
    assert.equal(isEnvelope({ type: 'other' }), false);
    assert.equal(isEnvelope({ rpc: RPC_TAG, kind: 'request', id: '1', method: 'x' }), false);
    assert.equal(isEnvelope({ rpc: RPC_TAG, kind: 'request', id: 1, method: 'x', params: {} }), true);
    const { host } = wire();
    host.handleMessage({ rpc: RPC_TAG, kind: 'notification', method: '__proto__', params: {} });
    host.handleMessage(null);
  });
});
