import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ViewDescription } from '../../src/shared/protocol/datasetPreview';
import { activateTuneLab, waitFor, webviewClick, workspaceUri } from './helpers';
import { standInEmbeddings } from './standInEmbeddings';

const MARKER = 'tunelab-dataset-preview';

async function view(uri: vscode.Uri, ready: (v: ViewDescription) => boolean, what: string): Promise<ViewDescription> {
  const api = await activateTuneLab();
  return waitFor(
    async () => {
      const [first] = await api.datasetPreview.describe(uri).catch(() => []);
      return first && ready(first) ? first : undefined;
    },
    what,
    30_000,
  );
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

// The embedding model is a stand-in (test/support/fakeEmbeddingsServer.ts: a real HTTP server
// speaking the OpenAI API, vectors from hashed character trigrams); the client, cache, index,
// the filter, the writer and the previewer are the real code.
describe('semantic duplicates and the diversity filter in the previewer', function () {
  this.timeout(120_000);
  const embeddings = standInEmbeddings();

  it('shows the semantic pass findings in an open previewer, with the twin linked', async () => {
    await embeddings.start();
    const api = await activateTuneLab();
    const uri = workspaceUri('datasets', 'paraphrases.jsonl');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.analyze(document);
    // The previewer is open (and has its own analysis) before the pass runs: the findings join it.
    await vscode.commands.executeCommand('tunelab.openDatasetPreview', uri);
    await view(uri, (v) => v.renderedRows === 4, 'the previewer with its 4 records');
    // Record 3 is open in the record pane while the pass runs: its finding appears there.
    await api.datasetPreview.reveal(uri, 2);
    await view(uri, (v) => (v.detailText ?? '').includes('How can I reset my password?'), 'record 3 in the record pane');
    const outcome = await api.semantic.findDuplicates(uri);
    assert.equal(outcome?.findings, 1, api.semantic.messages().join('\n'));

    const detail = await view(uri, (v) => /Semantic duplicate of record 1/.test(v.detailText ?? ''), 'the semantic duplicate in the record pane');
    assert.equal(detail.selectedRow, 2);
    assert.match(detail.detailText ?? '', /Semantic duplicate of record 1: \d+(\.\d)?% similar in meaning/);
    assert.match(detail.detailText ?? '', /Go to record 1/);
    // The twin link selects record 1.
    assert.ok(await webviewClick(MARKER, '.detail-findings vscode-button:has-text("Go to record 1")'), 'the twin link is clickable');
    const twin = await view(uri, (v) => v.selectedRow === 0 && (v.detailText ?? '').includes('How do I reset my password?'), 'the twin selected');
    assert.doesNotMatch(twin.detailText ?? '', /Semantic duplicate of record/);
  });

  it('writes the admitted records of Diversify Dataset… and groups the rejected with their twin', async () => {
    await embeddings.start();
    const api = await activateTuneLab();
    const uri = workspaceUri('datasets', 'paraphrases.jsonl');
    const source = await read(uri);
    const lines = source.split('\n').filter(Boolean);
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-diversify-'));
    const output = vscode.Uri.file(join(dir, 'admitted.jsonl'));

    const outcome = await api.datasetPreview.diversify(uri, { against: [], output });
    assert.ok(outcome, api.semantic.messages().join('\n'));
    assert.deepEqual(
      { records: outcome.records, admitted: outcome.admitted, rejected: outcome.rejected, fromCandidates: outcome.fromCandidates, written: outcome.written },
      { records: 4, admitted: 3, rejected: 1, fromCandidates: 1, written: output.fsPath },
    );
    assert.deepEqual(outcome.clusters, [{ twinRow: 0, rows: [2] }]);
    assert.equal(await read(output), `${lines[0]}\n${lines[1]}\n${lines[3]}\n`);
    assert.equal(await read(uri), source, 'the source is untouched');

    // The previewer says what it did and shows the cluster's records together.
    const shown = await view(uri, (v) => v.diversify !== undefined, 'the diversity filter panel');
    assert.match(shown.diversify?.text ?? '', /Admits 3 of 4 records; rejects 1: 1 as twins of earlier records, 0 as twins of the training file\./);
    assert.deepEqual(shown.diversify?.clusters, ['Cluster of record 1: 2 near-identical']);
    assert.ok(await webviewClick(MARKER, '.diversify-clusters vscode-button'), 'the cluster is clickable');
    const cluster = await view(uri, (v) => v.viewTotal === 2, 'the cluster of record 1');
    assert.match(cluster.diversify?.text ?? '', /Showing the cluster of record 1 \(2 records\)\./);
  });

  it('rejects candidates too similar to a training file picked to compare with', async () => {
    await embeddings.start();
    const api = await activateTuneLab();
    const uri = workspaceUri('datasets', 'paraphrases.jsonl');
    const source = await read(uri);
    const lines = source.split('\n').filter(Boolean);
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-diversify-'));
    const train = vscode.Uri.file(join(dir, 'train.jsonl'));
    const trainText = `${JSON.stringify({ instruction: 'Name three primary colours.', input: '', output: 'Red, yellow and blue are the traditional primary colours in painting.' })}\n`;
    await vscode.workspace.fs.writeFile(train, new TextEncoder().encode(trainText));
    const output = vscode.Uri.file(join(dir, 'admitted.jsonl'));

    const outcome = await api.datasetPreview.diversify(uri, { against: [train], output });
    assert.ok(outcome, api.semantic.messages().join('\n'));
    assert.deepEqual([outcome.admitted, outcome.fromAgainst, outcome.fromCandidates], [2, 1, 1]);
    assert.deepEqual(outcome.clusters, [
      { twinRow: 0, rows: [2] },
      { twinRow: -1, twinFile: 'train.jsonl', twinRecord: 1, rows: [3] },
    ]);
    assert.equal(await read(output), `${lines[0]}\n${lines[1]}\n`);
    assert.equal(await read(uri), source);
    assert.equal(await read(train), trainText);
    const shown = await view(uri, (v) => (v.diversify?.clusters.length ?? 0) === 2, 'both clusters');
    assert.deepEqual(shown.diversify?.clusters, ['Cluster of record 1: 2 near-identical', 'Cluster of train.jsonl record 1: 1 near-identical']);
  });
});
