import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingsClient } from '../core/embeddings/embeddingsClient';
import { createEmbeddingsClient } from '../core/embeddings/embeddingsClient';
import { EmbeddingCache } from '../core/embeddings/embeddingCache';
import { UsageError } from './cliIo';

/** The options every command that embeds shares (parseArgs spec). */
export const EMBEDDINGS_ARGS = {
  endpoint: { type: 'string' },
  model: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
} as const;

export const EMBEDDINGS_USAGE = `Embeddings endpoint (OpenAI-compatible; nothing is sent anywhere without one):
  --endpoint <url>      base URL ending in /v1 (or TUNELAB_EMBEDDINGS_URL)
  --model <name>        embedding model name (or TUNELAB_EMBEDDINGS_MODEL)
                        API key: TUNELAB_EMBEDDINGS_API_KEY, else OPENAI_API_KEY
  --batch-size <n>      texts per request (default 64)
  --concurrency <n>     requests in flight (default 4)
  --cache-dir <dir>     where vectors are cached (default: TUNELAB_CACHE_DIR, else
                        $XDG_CACHE_HOME/tunelab/embeddings or ~/.cache/tunelab/embeddings)
  --no-cache            neither read nor write the cache
`;

export interface EmbeddingsArgs {
  endpoint?: string;
  model?: string;
  'cache-dir'?: string;
  'no-cache'?: boolean;
  'batch-size'?: string;
  concurrency?: string;
}

/** Whether an endpoint is configured at all (flags or environment): without one nothing is sent. */
export function endpointConfigured(values: EmbeddingsArgs, env: NodeJS.ProcessEnv): boolean {
  return Boolean(values.endpoint ?? env.TUNELAB_EMBEDDINGS_URL);
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.TUNELAB_CACHE_DIR) return env.TUNELAB_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || join(homedir(), '.cache');
  return join(base, 'tunelab', 'embeddings');
}

/** The client and cache the flags and environment name; a usage error says what is missing. */
export async function embeddingsFromArgs(values: EmbeddingsArgs, env: NodeJS.ProcessEnv): Promise<{ client: EmbeddingsClient; cache?: EmbeddingCache }> {
  const url = values.endpoint ?? env.TUNELAB_EMBEDDINGS_URL;
  const model = values.model ?? env.TUNELAB_EMBEDDINGS_MODEL;
  if (!url) throw new UsageError('name the embeddings endpoint with --endpoint URL (the base ending in /v1) or TUNELAB_EMBEDDINGS_URL');
  if (!/^https?:\/\//i.test(url)) throw new UsageError(`--endpoint takes an http(s) URL such as http://localhost:8000/v1, not '${url}'`);
  if (!model) throw new UsageError('name the embedding model with --model NAME or TUNELAB_EMBEDDINGS_MODEL');
  const positive = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number of at least 1`);
    return n;
  };
  const client = createEmbeddingsClient({
    url,
    model,
    apiKey: env.TUNELAB_EMBEDDINGS_API_KEY || env.OPENAI_API_KEY || undefined,
    batchSize: positive(values['batch-size'], '--batch-size'),
    concurrency: positive(values.concurrency, '--concurrency'),
  });
  const cache = values['no-cache'] ? undefined : await EmbeddingCache.open(values['cache-dir'] ?? defaultCacheDir(env), model);
  return { client, cache };
}
