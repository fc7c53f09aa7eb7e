// The same integration suite under @vscode/test-electron, for machines that can download
// VS Code (this one downloads VS Code desktop; the default `npm test` uses code-server).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(import.meta.dirname, '..', '..');
const workspace = join(mkdtempSync(join(tmpdir(), 'tunelab-electron-')), 'workspace');
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
const { engines } = await import(join(root, 'package.json'), { with: { type: 'json' } }).then((m) => m.default);
try {
  await runTests({
    version: engines.vscode.replace(/^\^/, ''),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`integration tests failed: ${error}`);
  process.exit(1);
}
