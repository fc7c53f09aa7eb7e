import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../repoRoot';

/** Proves the layering rules fire, by linting probe sources placed (virtually) in each layer. */
describe('lint-enforced layering', function () {
  this.timeout(60_000);
  const root = repoRoot();
  const eslint = new ESLint({ cwd: root });

  async function restrictedImportErrors(relativePath: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: join(root, relativePath) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it('bans vscode and ssh2 in src/core', async () => {
    const file = 'src/core/settings/settings.ts';
    assert.equal((await restrictedImportErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { Client } from 'ssh2';\nexport const c = Client;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).length, 0);
  });

  it('bans vscode and Node built-ins in src/shared', async () => {
    const file = 'src/shared/format.ts';
    assert.equal((await restrictedImportErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).length, 1);
  });

  it('bans vscode, Node built-ins and host code other than src/shared in webviews', async () => {
    const file = 'webviews/datasetPreview/pageCache.ts';
    assert.equal((await restrictedImportErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { join } from 'path';\nexport const j = join;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { RecordIndex } from '../../src/core/dataset/preview/recordIndex';\nexport const l = RecordIndex;\n")).length, 1);
    assert.equal((await restrictedImportErrors(file, "import { LruCache } from '../../src/shared/lruCache';\nexport const l = LruCache;\n")).length, 0);
  });

  it('keeps ssh2 in src/adapters/ssh2, and vscode out of it', async () => {
    const ssh = "import { Client } from 'ssh2';\nexport const c = Client;\n";
    assert.equal((await restrictedImportErrors('src/features/datasetPreview/datasetDocument.ts', ssh)).length, 1);
    assert.equal((await restrictedImportErrors('src/extension.ts', ssh)).length, 1);
    assert.equal((await restrictedImportErrors('src/cli/checkCommand.ts', ssh)).length, 1);
    assert.equal((await restrictedImportErrors('src/adapters/ssh2/sshSession.ts', ssh)).length, 0);
    assert.equal((await restrictedImportErrors('src/adapters/ssh2/sshSession.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
  });

  it('flags floating promises', async () => {
    const [result] = await eslint.lintText('async function f(): Promise<void> {}\nf();\nexport {};\n', { filePath: join(root, 'src/core/logger.ts') });
    assert.ok(result.messages.some((m) => m.ruleId === '@typescript-eslint/no-floating-promises'));
  });
});
