import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize } from '../../../src/core/embeddings/embedTexts';
import { embeddingText } from '../../../src/core/dataset/semantic/recordTexts';
import { normalizeRecord } from '../../../src/core/dataset/formats/normalizeRecord';
import type { FakeEmbeddingsServer } from '../../support/fakeEmbeddingsServer';
import { startFakeEmbeddingsServer, trigramVector } from '../../support/fakeEmbeddingsServer';
import { seededRandom } from '../../support/seededRandom';
import { cli, workspace } from './cliHarness';

const topics = [
  'reset a forgotten password',
  'bake sourdough bread at home',
  '解释什么是梯度下降',
  'write a cover letter for a job',
  'choose a laptop for programming',
];

/** Paraphrase-like candidates: each topic asked a few ways, with a few unrelated ones between. */
function candidates(n: number, seed: number): Array<{ instruction: string; input: string; output: string; score: number }> {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[Math.floor(random() * topics.length)];
    const style = Math.floor(random() * 4);
    const instruction =
      style === 3
        ? `Unrelated question ${i}: ${Math.floor(random() * 1e9).toString(36)}`
        : `${['How do I', 'Tell me how to', 'Please explain how to'][style]} ${topic}?`;
    return { instruction, input: '', output: `Here is how to ${topic}: step one, step two.`, score: Math.floor(random() * 100) };
  });
}

/** The rules' filter by brute force on the same vectors the stand-in server gives. */
function bruteForce(records: Array<Record<string, unknown>>, against: Array<Record<string, unknown>>, threshold: number): boolean[] {
  const vector = (r: Record<string, unknown>) => normalize(Float32Array.from(trigramVector(embeddingText(normalizeRecord(r).record!)!, 256)));
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, j) => s + x * b[j], 0);
  const admitted = against.map(vector);
  return records.map((r) => {
    const v = vector(r);
    const twin = admitted.some((a) => dot(a, v) >= threshold);
    if (!twin) admitted.push(v);
    return !twin;
  });
}

describe('tunelab diversify', function () {
  this.timeout(60_000);
  let server: FakeEmbeddingsServer;
  let cacheDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    server = await startFakeEmbeddingsServer({ apiKey: 'sk-div', model: 'emb' });
    cacheDir = mkdtempSync(join(tmpdir(), 'tunelab-cache-'));
    env = { TUNELAB_EMBEDDINGS_URL: server.url, TUNELAB_EMBEDDINGS_MODEL: 'emb', TUNELAB_EMBEDDINGS_API_KEY: 'sk-div', TUNELAB_CACHE_DIR: cacheDir };
  });
  afterEach(() => server.close());

  it('writes exactly what a brute-force greedy filter admits, and says why the rest was rejected', async () => {
    const cands = candidates(120, 11);
    const train = candidates(10, 12);
    const dir = workspace({ 'candidates.jsonl': cands, 'train.jsonl': train });
    const run = await cli(
      ['diversify', 'candidates.jsonl', '--against', 'train.jsonl', '-o', 'admitted.jsonl', '--threshold', '0.85', '--max-drop', '1'],
      dir,
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const keep = bruteForce(cands, train, 0.85);
    const expected = cands.filter((_, i) => keep[i]).map((r) => JSON.stringify(r));
    const written = readFileSync(join(dir, 'admitted.jsonl'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(written, expected);
    const rejected = keep.filter((k) => !k).length;
    assert.ok(rejected > 50 && rejected < 120);
    assert.match(
      run.stdout,
      new RegExp(
        `admitted ${120 - rejected} of 120 candidates, rejected ${rejected} at cosine ≥ 0.85 \\(\\d+ as twins of train.jsonl, \\d+ as twins of earlier candidates\\)`,
      ),
    );
    assert.match(run.stdout, /record \d+ ≈ (train|candidates)\.jsonl record \d+ \(\d+\.\d%\)/);
    assert.deepEqual(readdirSync(dir).sort(), ['admitted.jsonl', 'candidates.jsonl', 'train.jsonl'], 'no temporary file left');
  });

  it('embeds only new texts on a second run (the cache), and takes the best score first', async () => {
    const cands = candidates(40, 21);
    const dir = workspace({ 'candidates.jsonl': cands });
    const first = await cli(['diversify', 'candidates.jsonl', '-o', 'a.jsonl', '--max-drop', '1'], dir, env);
    assert.equal(first.code, 0, first.stderr);
    server.batches.length = 0;
    const second = await cli(
      ['diversify', 'candidates.jsonl', '-o', 'b.jsonl', '--score-field', 'score', '--max-drop', '1', '--report', 'report.json'],
      dir,
      env,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.batches.length, 0, 'nothing sent again');
    assert.match(second.stdout, /0 texts sent, \d+ from the cache/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      rejected: Array<{ record: number; twinRecord: number; similarity: number }>;
    };
    // every rejected candidate lost to one with at least its score
    for (const r of report.rejected) assert.ok(cands[r.twinRecord - 1].score >= cands[r.record - 1].score, JSON.stringify(r));
    assert.ok(report.rejected.length > 0);
  });

  it('refuses to reject more than --max-drop unless forced, and writes nothing', async () => {
    const same = Array.from({ length: 10 }, () => ({ instruction: 'How do I reset a forgotten password?', input: '', output: 'Use the reset link.' }));
    same.forEach((r, i) => (r.output += ' '.repeat(i)));
    const dir = workspace({ 'c.jsonl': same });
    const refused = await cli(['diversify', 'c.jsonl', '-o', 'out.jsonl'], dir, env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to write out\.jsonl: 9 of 10 candidates \(90%\).*--force/s);
    assert.deepEqual(readdirSync(dir), ['c.jsonl']);
    const forced = await cli(['diversify', 'c.jsonl', '-o', 'out.jsonl', '--force'], dir, env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n').length, 1);
  });

  it('sends nothing without an endpoint, and says clearly when the key is refused', async () => {
    const dir = workspace({ 'c.jsonl': candidates(3, 1) });
    const none = await cli(['diversify', 'c.jsonl', '-o', 'out.jsonl'], dir, { TUNELAB_CACHE_DIR: cacheDir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name the embeddings endpoint with --endpoint URL/);
    const badKey = await cli(['diversify', 'c.jsonl', '-o', 'out.jsonl', '--endpoint', server.url, '--model', 'emb'], dir, {
      OPENAI_API_KEY: 'sk-wrong',
      TUNELAB_CACHE_DIR: cacheDir,
    });
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /refused the API key \(HTTP 401\)/);
    assert.equal(server.authorizations.at(-1), 'Bearer sk-wrong');
    assert.deepEqual(readdirSync(dir), ['c.jsonl']);
  });

  it('check --semantic joins semantic-duplicate findings to the lexical ones, linked to the twin', async () => {
    const rows = [
      { instruction: 'How do I reset a forgotten password?', input: '', output: 'Open settings, then choose reset password and follow the link.' },
      { instruction: 'Name the largest ocean on Earth.', input: '', output: 'The Pacific Ocean is the largest and deepest ocean.' },
      { instruction: 'How can I reset a forgotten password?', input: '', output: 'Open settings, then choose reset password and follow the link!' },
    ];
    const dir = workspace({ 'd.jsonl': rows });
    const plain = await cli(['check', 'd.jsonl', '--format', 'json'], dir, env);
    assert.equal(server.requests, 0, 'nothing is sent without --semantic');
    const run = await cli(['check', 'd.jsonl', '--format', 'json', '--semantic'], dir, env);
    assert.equal(run.code, 0, run.stderr);
    type Report = { files: Array<{ findings: Array<{ code: string; record: number; message: string; data?: { twin?: number } }> }> };
    const semantic = (JSON.parse(run.stdout) as Report).files[0].findings.filter((f) => f.code === 'semantic-duplicate');
    assert.equal(semantic.length, 1);
    assert.equal(semantic[0].record, 3);
    assert.match(semantic[0].message, /^Semantic duplicate of record 1: \d+\.?\d*% similar in meaning/);
    const lexical = (JSON.parse(plain.stdout) as Report).files[0].findings.length;
    assert.equal((JSON.parse(run.stdout) as Report).files[0].findings.length, lexical + 1);
    const missing = await cli(['check', 'd.jsonl', '--semantic'], dir, {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--semantic needs an embeddings endpoint/);
  });
});
