// Runs mocha over the given compiled test files in plain Node and writes
// {passed, failed, pending} to the result file (first argument) for run-all.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Mocha from 'mocha';

const [resultFile, ...files] = process.argv.slice(2);
const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 20_000, color: process.stdout.isTTY });
if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
for (const file of files) mocha.addFile(file);
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  mkdirSync(dirname(resultFile), { recursive: true });
  writeFileSync(resultFile, JSON.stringify({ passed: runner.stats.passes, failed: failures, pending: runner.stats.pending }));
  process.exitCode = failures ? 1 : 0;
});
