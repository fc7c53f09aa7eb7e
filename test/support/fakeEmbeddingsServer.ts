import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for an embedding model: a real HTTP server speaking the OpenAI `/v1/embeddings`
 * API, because no model can be downloaded here. Its vectors are deterministic: character
 * trigrams hashed into `dims` buckets with a sign, so texts that share most of their wording
 * (paraphrase-like fixtures) are close and unrelated texts are near-orthogonal. Faults can be
 * queued: each request takes the next one (429 with Retry-After, 500, 401, 404, or a delay).
 */
export type Fault = { status: 429; retryAfter?: string } | { status: 500 | 401 | 404 | 503 } | { delayMs: number };

export interface FakeEmbeddingsServer {
  /** The base URL ending in /v1. */
  url: string;
  /** The inputs of every request that got vectors, in arrival order. */
  batches: string[][];
  /** Every request, faulty ones too. */
  requests: number;
  /** Authorization headers seen. */
  authorizations: Array<string | undefined>;
  faults: Fault[];
  close(): Promise<void>;
}

export function trigramVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `;
  for (let i = 0; i + 3 <= t.length; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < i + 3; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193);
    h >>>= 0;
    v[h % dims] += h & 0x80000000 ? -1 : 1;
  }
  return v;
}

export async function startFakeEmbeddingsServer(options: { dims?: number; apiKey?: string; model?: string } = {}): Promise<FakeEmbeddingsServer> {
  const dims = options.dims ?? 256;
  const state = { batches: [] as string[][], requests: 0, authorizations: [] as Array<string | undefined>, faults: [] as Fault[] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      state.requests++;
      state.authorizations.push(req.headers.authorization);
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const answer = () => {
        if (req.url !== '/v1/embeddings') return send(404, { error: { message: 'Not Found' } });
        if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) return send(401, { error: { message: 'Incorrect API key provided' } });
        const { model, input } = JSON.parse(body) as { model: string; input: string[] };
        if (options.model && model !== options.model) return send(404, { error: { message: `The model '${model}' does not exist` } });
        state.batches.push(input);
        send(200, { object: 'list', model, data: input.map((text, index) => ({ object: 'embedding', index, embedding: trigramVector(text, dims) })) });
      };
      const fault = state.faults.shift();
      if (!fault) return answer();
      if ('delayMs' in fault) {
        const timer = setTimeout(answer, fault.delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (fault.status === 429)
        return send(429, { error: { message: 'Rate limit reached' } }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      send(fault.status, { error: { message: `injected ${fault.status}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
