import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTuneLab, waitFor, workspaceUri } from './helpers';
import { standInEmbeddings } from './standInEmbeddings';

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

// The embedding model is a stand-in (test/support/fakeEmbeddingsServer.ts: a real HTTP server
// speaking the OpenAI API, vectors from hashed character trigrams); the client, cache, index
// and the editor wiring are the real code.
describe('semantic duplicates in the editor', function () {
  this.timeout(90_000);
  const embeddings = standInEmbeddings();

  it('sends nothing and says so while no endpoint is configured', async () => {
    const api = await activateTuneLab();
    const document = await vscode.workspace.openTextDocument(workspaceUri('datasets', 'paraphrases.jsonl'));
    await vscode.window.showTextDocument(document);
    const before = api.semantic.messages().length;
    assert.equal(await api.semantic.findDuplicates(document.uri), undefined);
    assert.match(api.semantic.messages().slice(before).join('\n'), /tunelab\.embeddings\.url/);
  });

  it('publishes a semantic-duplicate linked to its twin, found with the USearch index', async () => {
    const server = await embeddings.start();
    const api = await activateTuneLab();
    const document = await vscode.workspace.openTextDocument(workspaceUri('datasets', 'paraphrases.jsonl'));
    await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.analyze(document);

    const outcome = await api.semantic.findDuplicates(document.uri);
    assert.ok(outcome, api.semantic.messages().join('\n'));
    assert.equal(outcome.records, 4);
    assert.equal(outcome.findings, 1);
    // The native index loads in the extension host from dist/usearch (the .vsix ships it there).
    assert.equal(outcome.indexKind, 'usearch');
    assert.ok(server.batches.flat().some((text) => text.includes('How can I reset my password?')));

    const semantic = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'TuneLab' && codeOf(d) === 'semantic-duplicate'),
      'a semantic-duplicate diagnostic',
    );
    assert.equal(semantic.range.start.line, 2);
    assert.equal(semantic.severity, vscode.DiagnosticSeverity.Information);
    assert.match(semantic.message, /^Semantic duplicate of record 1: \d+(\.\d)?% similar in meaning/);
    const twin = semantic.relatedInformation?.[0];
    assert.ok(twin, 'the twin is linked');
    assert.equal(twin.location.uri.toString(), document.uri.toString());
    assert.equal(twin.location.range.start.line, 0);
    assert.equal(twin.message, 'The earlier, similar record 1.');
    // The hover explains it with the similarity against the threshold.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, semantic.range.start);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(hover, /Measured 0\.\d+; threshold 0\.85/);

    // A second run is answered from the cache and replaces the first run's finding.
    const requests = server.requests;
    const again = await api.semantic.findDuplicates(document.uri);
    assert.equal(again?.sent, 0);
    assert.equal(server.requests, requests);
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'semantic-duplicate').length, 1);
  });

  it("shows a refused key as the endpoint's 401 with what to do", async () => {
    // A model name no earlier test cached: the request reaches the server.
    await embeddings.start({ apiKey: 'the-right-key' }, `refused-${Date.now()}`);
    const api = await activateTuneLab();
    const document = await vscode.workspace.openTextDocument(workspaceUri('datasets', 'paraphrases.jsonl'));
    await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.analyze(document);
    const before = api.semantic.messages().length;
    assert.equal(await api.semantic.findDuplicates(document.uri), undefined);
    const shown = api.semantic.messages().slice(before).join('\n');
    assert.match(shown, /refused the API key \(HTTP 401\)/);
    assert.match(shown, /Set Embeddings API Key/);
    assert.match(shown, /Incorrect API key provided/);
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'semantic-duplicate').length, 0);
  });
});
