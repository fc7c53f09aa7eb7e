import * as vscode from 'vscode';
import { startFakeEmbeddingsServer } from '../support/fakeEmbeddingsServer';
import type { FakeEmbeddingsServer } from '../support/fakeEmbeddingsServer';
import { closeAllEditors } from './helpers';

type ServerOptions = Parameters<typeof startFakeEmbeddingsServer>[0];

async function configureEmbeddings(url: string | undefined, model: string | undefined): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('tunelab');
  await configuration.update('embeddings.url', url, vscode.ConfigurationTarget.Workspace);
  await configuration.update('embeddings.model', model, vscode.ConfigurationTarget.Workspace);
}

/**
 * The stand-in embedding model of the semantic tests (a real HTTP server speaking the OpenAI API,
 * vectors from hashed character trigrams): `start` runs one and points the settings at it; after
 * each test the settings are cleared, the server closed and the editors closed. Call inside `describe`.
 */
export function standInEmbeddings(): { start(options?: ServerOptions, model?: string): Promise<FakeEmbeddingsServer> } {
  let server: FakeEmbeddingsServer | undefined;
  afterEach(async () => {
    await configureEmbeddings(undefined, undefined);
    await server?.close();
    server = undefined;
    await closeAllEditors();
  });
  return {
    async start(options = { model: 'stand-in' }, model = options?.model ?? 'stand-in') {
      server = await startFakeEmbeddingsServer(options);
      await configureEmbeddings(server.url, model);
      return server;
    },
  };
}
