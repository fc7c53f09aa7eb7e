// Loaded by the VS Code extension host as `extensionTestsPath`: runs every
// out/test/integration/**/*.test.js with mocha and records the result for the runner.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { STRICT_MOCHA_OPTIONS } from '../support/strictMocha';
import { closeQuickInput, screenshot } from './helpers';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

export function run(): Promise<void> {
  // Pending tests count as failures: a suite that skips its real parts must not report green.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...STRICT_MOCHA_OPTIONS });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(grep);
  mocha.rootHooks({
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (test?.state === 'failed') await screenshot(`failed-${test.fullTitle()}`);
      // A dialog left open by a failed test would swallow the next test's keys.
      await closeQuickInput();
    },
  });
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);
  console.log(
    `running inside VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, Node ${process.versions.node})`,
  );
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      const results = process.env.TUNELAB_TEST_RESULTS;
      if (results) writeFileSync(results, JSON.stringify({ passed, failed: failures, pending: runner.stats?.pending ?? 0, vscodeVersion: vscode.version }));
      console.log(`${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
