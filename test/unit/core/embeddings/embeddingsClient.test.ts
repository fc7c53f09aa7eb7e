import * as assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingCache, cacheFileName } from '../../../../src/core/embeddings/embeddingCache';
import { EmbeddingsCancelledError, EmbeddingsError, createEmbeddingsClient, retryAfterMs } from '../../../../src/core/embeddings/embeddingsClient';
import { embedTexts } from '../../../../src/core/embeddings/embedTexts';
import type { FakeEmbeddingsServer } from '../../../support/fakeEmbeddingsServer';
import { startFakeEmbeddingsServer } from '../../../support/fakeEmbeddingsServer';

const texts = Array.from({ length: 10 }, (_, i) => `record number ${i} about topic ${i % 3}`);
const fastSleep = () => Promise.resolve();

describe('embeddings client against a local OpenAI-compatible server', function () {
  this.timeout(20_000);
  let server: FakeEmbeddingsServer;
  beforeEach(async () => (server = await startFakeEmbeddingsServer({ apiKey: 'sk-test', model: 'm' })));
  afterEach(() => server.close());

  it('sends batches of the configured size, keeps order, sends the key', async () => {
    const client = createEmbeddingsClient({ url: server.url, model: 'm', apiKey: 'sk-test', batchSize: 4, concurrency: 2 });
    const progress: number[] = [];
    const vectors = await client.embed(texts, { onProgress: (done) => progress.push(done) });
    assert.deepEqual(server.batches.map((b) => b.length).sort(), [2, 4, 4]);
    assert.deepEqual(server.batches.flat().sort(), [...texts].sort());
    assert.equal(vectors.length, 10);
    const again = await client.embed([texts[7]]);
    assert.deepEqual([...again[0]], [...vectors[7]]);
    assert.equal(progress.at(-1), 10);
    assert.ok(server.authorizations.every((a) => a === 'Bearer sk-test'));
  });

  it('retries 429 (honouring Retry-After) and 500, then succeeds', async () => {
    server.faults.push({ status: 429, retryAfter: '0' }, { status: 500 }, { status: 503 });
    const waits: number[] = [];
    const client = createEmbeddingsClient({
      url: server.url,
      model: 'm',
      apiKey: 'sk-test',
      backoffMs: 100,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    const vectors = await client.embed(texts.slice(0, 3));
    assert.equal(vectors.length, 3);
    assert.equal(server.requests, 4);
    assert.deepEqual(waits, [0, 200, 400]); // Retry-After 0, then the doubling backoff
  });

  it('gives up after the retries with a message that says what happened', async () => {
    server.faults.push({ status: 500 }, { status: 500 }, { status: 500 });
    const client = createEmbeddingsClient({ url: server.url, model: 'm', apiKey: 'sk-test', retries: 2, sleep: fastSleep });
    await assert.rejects(
      client.embed(['a']),
      (e: EmbeddingsError) => e instanceof EmbeddingsError && /kept failing \(HTTP 500\) after 3 tries/.test(e.message),
    );
  });

  it('says clearly when the key is refused, the model or URL is wrong, or the server is silent', async () => {
    const noKey = createEmbeddingsClient({ url: server.url, model: 'm', sleep: fastSleep });
    await assert.rejects(noKey.embed(['a']), /refused the API key \(HTTP 401\).*TUNELAB_EMBEDDINGS_API_KEY.*Incorrect API key/);
    const wrongModel = createEmbeddingsClient({ url: server.url, model: 'other', apiKey: 'sk-test', sleep: fastSleep });
    await assert.rejects(wrongModel.embed(['a']), /not found \(HTTP 404\), or it has no model 'other'/);
    const wrongUrl = createEmbeddingsClient({ url: server.url.replace('/v1', '/v2'), model: 'm', apiKey: 'sk-test', sleep: fastSleep });
    await assert.rejects(wrongUrl.embed(['a']), /v2\/embeddings was not found/);
    server.faults.push({ delayMs: 5000 }, { delayMs: 5000 });
    const slow = createEmbeddingsClient({ url: server.url, model: 'm', apiKey: 'sk-test', timeoutMs: 150, retries: 1, sleep: fastSleep });
    await assert.rejects(slow.embed(['a']), /did not answer within 0 s \(2 tries\)/);
  });

  it('stops when cancelled, during a slow request', async () => {
    server.faults.push({ delayMs: 5000 });
    const client = createEmbeddingsClient({ url: server.url, model: 'm', apiKey: 'sk-test' });
    const controller = new AbortController();
    const pending = client.embed(['a'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, EmbeddingsCancelledError);
  });

  it('reads Retry-After as seconds or a date, capped at a minute', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs('100000'), 60_000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 7_000), 3000);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  it('embeds only new or changed texts on a second run, through the on-disk cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-emb-'));
    const client = createEmbeddingsClient({ url: server.url, model: 'm', apiKey: 'sk-test', batchSize: 100 });
    const first = await embedTexts(client, await EmbeddingCache.open(dir, 'm'), [...texts, texts[0]]);
    assert.equal(first.sent, 10); // the repeated text is sent once
    assert.equal(first.cached, 0);
    const norm = Math.hypot(...first.vectors[3]);
    assert.ok(Math.abs(norm - 1) < 1e-5);
    assert.deepEqual([...first.vectors[10]], [...first.vectors[0]]);
    assert.equal(statSync(join(dir, cacheFileName('m'))).size, 16 + 10 * (16 + 4 * 256));

    server.batches.length = 0;
    const changed = [...texts.slice(0, 9), 'a changed record'];
    const second = await embedTexts(client, await EmbeddingCache.open(dir, 'm'), changed);
    assert.deepEqual(server.batches, [['a changed record']]);
    assert.equal(second.cached, 9);
    assert.deepEqual([...second.vectors[4]], [...first.vectors[4]]);
    // another model never reads this model's vectors
    assert.equal((await EmbeddingCache.open(dir, 'other')).size, 0);
  });
});
