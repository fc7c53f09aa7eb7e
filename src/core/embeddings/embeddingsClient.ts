/**
 * A client for an OpenAI-compatible `/v1/embeddings` endpoint (vLLM, Text Embeddings
 * Inference, Ollama, OpenAI, DashScope…): texts in batches, a few batches in flight, retries
 * with backoff on 429 and 5xx (honouring Retry-After), a clear message for the failures a
 * user can fix (a wrong key, a wrong URL or model, an endpoint that does not answer).
 *
 * Pure core: the HTTP call is the global `fetch` (Node's undici) or an injected function, so
 * the extension, the CLI and the tests share it. Nothing is sent unless a caller built a
 * client from a configured endpoint.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface EmbeddingsEndpoint {
  /** The base URL, ending in `/v1` (`/embeddings` is appended); a URL already ending in `/embeddings` is used as is. */
  url: string;
  model: string;
  apiKey?: string;
}

export interface EmbeddingsClientOptions extends EmbeddingsEndpoint {
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Retries of one request after a 429, a 5xx or a network error (default 5). */
  retries?: number;
  /** How long one request may take (default 60 s). */
  timeoutMs?: number;
  /** First backoff delay; doubled each retry (default 500 ms). */
  backoffMs?: number;
  fetch?: FetchLike;
  /** Waits `ms` (tests inject a fast one); must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Texts embedded so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** A failure the user can act on, with a message that says what to do. */
export class EmbeddingsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class EmbeddingsCancelledError extends Error {
  constructor() {
    super('embedding was cancelled');
  }
}

export interface EmbeddingsClient {
  readonly model: string;
  readonly url: string;
  /** One vector per text, in order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

/** `…/v1` → `…/v1/embeddings`; a URL that already names the route is kept. */
export function embeddingsRoute(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/embeddings') ? trimmed : `${trimmed}/embeddings`;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EmbeddingsCancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new EmbeddingsCancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in seconds or as an HTTP date; capped at a minute so a hostile header cannot stall a run. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined;
}

export function createEmbeddingsClient(options: EmbeddingsClientOptions): EmbeddingsClient {
  const route = embeddingsRoute(options.url);
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const retries = Math.max(0, options.retries ?? 5);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const backoffMs = options.backoffMs ?? 500;
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const sleep = options.sleep ?? defaultSleep;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  async function request(texts: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const body = JSON.stringify({ model: options.model, input: texts, encoding_format: 'float' });
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new EmbeddingsCancelledError();
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const response = await doFetch(route, { method: 'POST', headers, body, signal: combined });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw new EmbeddingsCancelledError();
        const timedOut = timeout.aborted;
        if (attempt >= retries) {
          throw new EmbeddingsError(
            timedOut
              ? `the embeddings endpoint ${route} did not answer within ${Math.round(timeoutMs / 1000)} s (${attempt + 1} tries): is the server up and the URL right?`
              : `could not reach the embeddings endpoint ${route}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        await sleep(backoffMs * 2 ** attempt, signal);
        continue;
      }
      if (status >= 200 && status < 300) return parseVectors(text, texts.length, route);
      if ((status === 429 || status >= 500) && attempt < retries) {
        await sleep(retryAfterMs(retryAfter) ?? backoffMs * 2 ** attempt, signal);
        continue;
      }
      throw statusError(status, text, route, options.model, attempt + 1);
    }
  }

  return {
    model: options.model,
    url: route,
    async embed(texts, { signal, onProgress } = {}) {
      const out = new Array<Float32Array>(texts.length);
      const batches: number[] = [];
      for (let start = 0; start < texts.length; start += batchSize) batches.push(start);
      let next = 0;
      let done = 0;
      let failed = false;
      const worker = async () => {
        while (next < batches.length && !failed) {
          const start = batches[next++];
          const slice = texts.slice(start, start + batchSize);
          try {
            const vectors = await request(slice, signal);
            for (let k = 0; k < vectors.length; k++) out[start + k] = vectors[k];
          } catch (error) {
            failed = true; // the other workers stop taking batches
            throw error;
          }
          done += slice.length;
          onProgress?.(done, texts.length);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      return out;
    },
  };
}

function statusError(status: number, body: string, route: string, model: string, tries: number): EmbeddingsError {
  const detail = serverMessage(body);
  const suffix = detail ? ` The server said: ${detail}` : '';
  if (status === 401 || status === 403)
    return new EmbeddingsError(
      `the embeddings endpoint refused the API key (HTTP ${status}): set the right key in TUNELAB_EMBEDDINGS_API_KEY (or OPENAI_API_KEY).${suffix}`,
      status,
    );
  if (status === 404)
    return new EmbeddingsError(
      `the embeddings endpoint ${route} was not found (HTTP 404), or it has no model '${model}': the URL is the base ending in /v1, and the model a name the server serves.${suffix}`,
      status,
    );
  if (status === 429 || status >= 500)
    return new EmbeddingsError(
      `the embeddings endpoint kept failing (HTTP ${status}) after ${tries} tries: try again later or lower the concurrency.${suffix}`,
      status,
    );
  return new EmbeddingsError(`the embeddings endpoint answered HTTP ${status}.${suffix}`, status);
}

/** The `error.message` of an OpenAI-style error body, shortened: it is shown, never interpreted. */
function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidates = [
      parsed.error,
      typeof parsed.error === 'object' && parsed.error !== null ? parsed.error.message : undefined,
      parsed.message,
      parsed.detail,
    ];
    const message = candidates.find((c): c is string => typeof c === 'string');
    return (message ?? '').slice(0, 300);
  } catch {
    return body.slice(0, 200);
  }
}

function parseVectors(text: string, expected: number, route: string): Float32Array[] {
  let parsed: { data?: Array<{ embedding?: unknown; index?: unknown }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new EmbeddingsError(`the embeddings endpoint ${route} did not answer with JSON: is it an OpenAI-compatible /v1 URL?`);
  }
  const data = parsed.data;
  if (!Array.isArray(data) || data.length !== expected)
    throw new EmbeddingsError(`the embeddings endpoint answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${expected} texts`);
  const out = new Array<Float32Array>(expected);
  data.forEach((item, position) => {
    const index = typeof item.index === 'number' ? item.index : position;
    if (!Array.isArray(item.embedding) || index < 0 || index >= expected || out[index])
      throw new EmbeddingsError('the embeddings endpoint answered a malformed vector (only float arrays are understood)');
    out[index] = Float32Array.from(item.embedding as number[]);
  });
  const dims = out[0]?.length;
  if (out.some((v) => v.length !== dims || v.length === 0)) throw new EmbeddingsError('the embeddings endpoint answered vectors of different lengths');
  return out;
}
