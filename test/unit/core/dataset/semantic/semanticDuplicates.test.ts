import * as assert from 'node:assert/strict';
import { bytesSource } from '../../../../../src/core/dataset/reading/byteSource';
import { semanticDuplicateFindings } from '../../../../../src/core/dataset/semantic/semanticDuplicates';
import { embeddingText } from '../../../../../src/core/dataset/semantic/recordTexts';
import { normalizeRecord } from '../../../../../src/core/dataset/formats/normalizeRecord';
import { createEmbeddingsClient } from '../../../../../src/core/embeddings/embeddingsClient';
import { renderMessage } from '../../../../../src/shared/findings';
import type { FakeEmbeddingsServer } from '../../../../support/fakeEmbeddingsServer';
import { startFakeEmbeddingsServer } from '../../../../support/fakeEmbeddingsServer';

const lines = [
  { instruction: 'How do I reset my forgotten password?', input: '', output: 'Open settings and choose reset password.' },
  { instruction: 'Name the largest ocean.', input: '', output: 'The Pacific Ocean is the largest.' },
  { instruction: 'How can I reset my forgotten password?', input: '', output: 'Open settings and choose reset password.' },
  'not json',
  { instruction: 'Name the largest ocean.', input: '', output: 'The Pacific Ocean is the largest.' },
];
const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

describe('semantic-duplicate pass', function () {
  this.timeout(20_000);
  let server: FakeEmbeddingsServer;
  beforeEach(async () => (server = await startFakeEmbeddingsServer()));
  afterEach(() => server.close());

  it('links a paraphrase to its earlier twin with the similarity, skipping records it is told to', async () => {
    const client = createEmbeddingsClient({ url: server.url, model: 'm' });
    const result = await semanticDuplicateFindings(bytesSource('d.jsonl', new TextEncoder().encode(text)), {
      client,
      threshold: 0.85,
      severity: 'info',
      skip: new Set([4]), // an exact copy: the exact-duplicate rule's
    });
    assert.equal(result.records, 5);
    assert.equal(result.embedded, 3);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.code, 'semantic-duplicate');
    assert.equal(f.severity, 'info');
    assert.equal(f.record, 3);
    assert.equal(f.data.twin, 1);
    assert.deepEqual(f.range, { start: { line: 2, column: 0 }, end: { line: 2, column: JSON.stringify(lines[2]).length } });
    assert.equal(f.related?.[0].record, 1);
    assert.match(renderMessage(f), /^Semantic duplicate of record 1: 9\d\.\d% similar in meaning \(cosine of embeddings, threshold 85%\)\.$/);
  });

  it('sends nothing when the code is off', async () => {
    const client = createEmbeddingsClient({ url: server.url, model: 'm' });
    const result = await semanticDuplicateFindings(bytesSource('d.jsonl', new TextEncoder().encode(text)), { client, threshold: 0.85, severity: undefined });
    assert.equal(result.findings.length, 0);
    assert.equal(server.requests, 0);
  });

  it('embeds the conversation text only: user and assistant turns, the chosen answer, not the system prompt or the rejected one', () => {
    const chat = normalizeRecord({
      messages: [
        { role: 'system', content: 'SECRET SYSTEM' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
    }).record!;
    assert.equal(embeddingText(chat), 'Hi\n\nHello!');
    const pair = normalizeRecord({ instruction: 'Q?', input: '', chosen: 'Good answer', rejected: 'Bad answer' }).record!;
    assert.equal(embeddingText(pair), 'Q?\n\nGood answer');
  });
});
