import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    assert.equal(
      (await restrictedImportErrors(file, "import { RecordIndex } from '../../src/core/dataset/preview/recordIndex';\nexport const l = RecordIndex;\n")).length,
      1,
    );
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

  const importOf = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

  it('keeps src/core beneath platform, features, the CLI and the ssh2 adapter', async () => {
    const file = 'src/core/dataset/datasetFile.ts';
    for (const banned of [
      '../../platform/settings',
      '../../features/jobs/jobManager',
      '../../cli/cliIo',
      '../../cli',
      '../../adapters/ssh2',
      '../../adapters/ssh2/sshSession',
    ]) {
      assert.equal((await restrictedImportErrors(file, importOf(banned))).length, 1, banned);
    }
    assert.equal((await restrictedImportErrors(file, importOf('../../shared/findings'))).length, 0);
    assert.equal((await restrictedImportErrors(file, importOf('../text/characters'))).length, 0);
  });

  it('keeps src/shared beneath every other layer', async () => {
    const file = 'src/shared/format.ts';
    for (const banned of ['../core/logger', '../platform/settings', '../features/jobs/jobManager', '../cli/cliIo', '../adapters/ssh2']) {
      assert.equal((await restrictedImportErrors(file, importOf(banned))).length, 1, banned);
    }
    assert.equal((await restrictedImportErrors(file, importOf('./findings'))).length, 0);
  });

  it('bans a feature importing a sibling feature or the CLI', async () => {
    const file = 'src/features/datasetPreview/datasetDocument.ts';
    assert.equal((await restrictedImportErrors(file, importOf('../datasetDiagnostics/datasetDiagnostics'))).length, 1);
    assert.equal((await restrictedImportErrors(file, importOf('../../features/jobs/jobManager'))).length, 1);
    assert.equal((await restrictedImportErrors(file, importOf('../../cli/cliIo'))).length, 1);
    assert.equal((await restrictedImportErrors(file, importOf('./fileRangeReader'))).length, 0);
    assert.equal((await restrictedImportErrors(file, importOf('../../platform/datasetEngine/analysisSession'))).length, 0);
    assert.equal((await restrictedImportErrors(file, importOf('../../core/dataset/datasetFile'))).length, 0);
  });

  it('keeps platform, the CLI and the ssh2 adapter off the layers above them', async () => {
    assert.equal((await restrictedImportErrors('src/platform/settings.ts', importOf('../features/jobs/jobManager'))).length, 1);
    assert.equal((await restrictedImportErrors('src/platform/settings.ts', importOf('../cli/cliIo'))).length, 1);
    assert.equal((await restrictedImportErrors('src/cli/checkCommand.ts', importOf('../platform/settings'))).length, 1);
    assert.equal((await restrictedImportErrors('src/cli/checkCommand.ts', importOf('../features/jobs/jobManager'))).length, 1);
    assert.equal((await restrictedImportErrors('src/cli/checkCommand.ts', importOf('../adapters/ssh2'))).length, 0);
    assert.equal((await restrictedImportErrors('src/adapters/ssh2/sshSession.ts', importOf('../../platform/settings'))).length, 1);
    assert.equal((await restrictedImportErrors('src/adapters/ssh2/sshSession.ts', importOf('../../core/jobs/hosts/sshHosts'))).length, 0);
  });

  it('warns on a file over 400 lines, except the generated catalogues', async () => {
    const long = `${Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;
    const maxLines = async (path: string) => (await eslint.lintText(long, { filePath: join(root, path) }))[0].messages.filter((m) => m.ruleId === 'max-lines');
    const [warning] = await maxLines('src/core/text/characters.ts');
    assert.equal(warning?.severity, 1);
    assert.equal((await maxLines('src/core/config/catalog/keyFacts.generated.ts')).length, 0);
  });

  it('finds import cycles, type-only ones included, and none in the tree', function () {
    this.timeout(30_000);
    const script = join(root, 'scripts', 'check-cycles.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'tunelab-cycles-'));
    try {
      mkdirSync(join(dir, 'src', 'a'), { recursive: true });
      writeFileSync(join(dir, 'src', 'a', 'one.ts'), "import type { Two } from './two';\nexport type One = Two[];\n");
      writeFileSync(join(dir, 'src', 'a', 'two.ts'), "import { three } from '../three';\nexport type Two = string;\nexport const t = three;\n");
      writeFileSync(join(dir, 'src', 'three.ts'), "export { type One } from './a/one';\nexport const three = 3;\n");
      writeFileSync(join(dir, 'src', 'four.ts'), "import { three } from './three';\nexport const four = three + 1;\n");
      const cyclic = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
      assert.equal(cyclic.status, 1);
      assert.match(cyclic.stderr, /src\/a\/one\.ts <-> src\/a\/two\.ts <-> src\/three\.ts/);
      assert.doesNotMatch(cyclic.stderr, /four/);
      writeFileSync(join(dir, 'src', 'three.ts'), 'export const three = 3;\n');
      assert.equal(spawnSync(process.execPath, [script, dir]).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const tree = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
    assert.equal(tree.status, 0, tree.stderr);
  });

  it('flags floating promises', async () => {
    const [result] = await eslint.lintText('async function f(): Promise<void> {}\nf();\nexport {};\n', { filePath: join(root, 'src/core/logger.ts') });
    assert.ok(result.messages.some((m) => m.ruleId === '@typescript-eslint/no-floating-promises'));
  });
});
