import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRICT_MOCHA_OPTIONS } from '../support/strictMocha';

interface SuiteRun {
  /** False when the run failed: a failed test, or mocha refusing to load the file. */
  green: boolean;
  passes?: number;
  failures?: number;
  pending?: number;
}

/** Runs mocha (in a child process, with the given options) over one test file's source, as the integration tier does. */
function runSuite(source: string, options: object): SuiteRun {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-strict-'));
  try {
    const file = join(dir, 'sample.test.js');
    writeFileSync(file, source);
    const script = `
      const { Mocha } = require(${JSON.stringify(require.resolve('mocha'))});
      const mocha = new Mocha({ reporter: function () {}, ...${JSON.stringify(options)} });
      mocha.addFile(${JSON.stringify(file)});
      const runner = mocha.run((failures) => {
        console.log(JSON.stringify({ passes: runner.stats.passes, failures, pending: runner.stats.pending }));
        process.exitCode = failures ? 1 : 0;
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    const counts = last.startsWith('{') ? (JSON.parse(last) as Omit<SuiteRun, 'green'>) : {};
    return { green: r.status === 0, ...counts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the integration tier counts pending tests as failures', () => {
  it('fails a skipped test, a test without a body and a test that skips itself', () => {
    const source = `
      it('passes', () => {});
      it.skip('is skipped', () => {});
      it('has no body');
      it('skips itself', function () { this.skip(); });`;
    assert.deepEqual(runSuite(source, {}), { green: true, passes: 1, failures: 0, pending: 3 }, 'without the options, mocha reports green');
    assert.deepEqual(runSuite(source, STRICT_MOCHA_OPTIONS), { green: false, passes: 1, failures: 3, pending: 0 });
  });

  it('fails a run with a skipped suite or a stray .only', () => {
    const skippedSuite = `it('passes', () => {}); describe.skip('skipped', () => { it('inside', () => {}); });`;
    assert.equal(runSuite(skippedSuite, {}).green, true);
    assert.equal(runSuite(skippedSuite, STRICT_MOCHA_OPTIONS).green, false);
    const only = `it.only('focused', () => {}); it('other', () => {});`;
    assert.equal(runSuite(only, {}).green, true);
    assert.equal(runSuite(only, STRICT_MOCHA_OPTIONS).green, false);
  });
});
