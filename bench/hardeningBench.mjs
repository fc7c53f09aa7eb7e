// `npm run bench -- --hardening`: inputs that used to hurt, as figures (never pass/fail).
//
//   a minified JSON array of about 255 MB (1.05M records) through `tunelab clean` (time, peak RSS, output size: the
//   output must stay within the input's size, where it once grew quadratically), and a report of
//   N findings in each format (time, peak RSS, output size; N = 2,000,000 by default,
//   `--findings N` to change it), run with Node's default heap. Each runs the real CLI (dist/cli.js)
//   in a fresh process whose peak RSS (worker threads included) is read at exit. `--reports` runs
//   only the reports.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const data = join(root, 'bench', '.data');
const args = process.argv.slice(2);
const findingsArg = args.indexOf('--findings');
const findingCount = findingsArg >= 0 ? Number(args[findingsArg + 1]) : 2_000_000;
mkdirSync(data, { recursive: true });

// The one seeded generator (mulberry32) the other generated data uses, so the files are the same on every machine.
const seededModule = join(root, 'bench', '.build', 'seededRandom.mjs');
await esbuild.build({
  entryPoints: [join(root, 'test', 'support', 'seededRandom.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: seededModule,
  logLevel: 'warning',
});
const { seededRandom: random } = await import(pathToFileURL(seededModule).href);

const WORDS = 'the model learns a skill from each example when answers are clear complete and varied across topics tasks and styles'.split(' ');

/** Writes records produced by `make(i, next)` to `file`, as one minified array or as lines. */
function writeRecords(file, count, make, { array }) {
  const fd = openSync(file, 'w');
  const next = random(42);
  let buffer = array ? '[' : '';
  for (let i = 0; i < count; i++) {
    buffer += `${array && i > 0 ? ',' : ''}${JSON.stringify(make(i, next))}${array ? '' : '\n'}`;
    if (buffer.length > 1 << 22) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, `${buffer}${array ? ']' : ''}`);
  closeSync(fd);
}

const sentence = (next, words) => Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');

/** Runs the CLI in a fresh process; its peak RSS is printed at exit by a preloaded hook. */
function cli(cliArgs, stdoutFile) {
  const hook = "process.on('exit', () => process.stderr.write('\\nTUNELAB_MAXRSS ' + process.resourceUsage().maxRSS + '\\n'))";
  const started = Date.now();
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const r = spawnSync(
    process.execPath,
    ['-e', `${hook}; process.argv.splice(1, 0, 'tunelab'); require(${JSON.stringify(join(root, 'dist', 'cli.js'))})`, ...cliArgs],
    { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (typeof out === 'number') closeSync(out);
  const ms = Date.now() - started;
  const rss = /TUNELAB_MAXRSS (\d+)/.exec(r.stderr ?? '');
  const failure =
    r.status === 0 || r.status === 1 ? undefined : ((r.stderr ?? '').split('\n').find((l) => /tunelab:|heap|Error/.test(l)) ?? `exit ${r.status}`);
  return { ms, peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : undefined, status: r.status, failure };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;

// 1. A 255 MB minified array through clean (every third answer too short, dropped).
const array = join(data, 'minified-255mb.json');
const cleanToo = !args.includes('--reports');
if (cleanToo && !existsSync(array)) {
  console.log(`generating a minified JSON array of about 255 MB → ${array}`);
  writeRecords(
    array,
    1_050_000,
    (i, next) => ({ instruction: `Task ${i}: ${sentence(next, 12)}?`, input: '', output: i % 3 === 0 ? 'Ok.' : `${sentence(next, 30)}.` }),
    { array: true },
  );
}
const cleaned = join(data, 'minified-255mb.clean.json');
if (cleanToo) {
  rmSync(cleaned, { force: true });
  const clean = cli(['clean', array, '-o', cleaned, '--drop', 'too-short', '--force']);
  console.log(`\nclean of a minified JSON array, ${mb(statSync(array).size)} in one line`);
  console.log(
    clean.failure
      ? `  failed: ${clean.failure}`
      : `  ${s(clean.ms)}, peak RSS ${clean.peakRssMb} MB, output ${mb(statSync(cleaned).size)} (${((statSync(cleaned).size / statSync(array).size) * 100).toFixed(1)}% of the input)`,
  );
  rmSync(cleaned, { force: true });
}

// 2. A report of N findings in each format (every record's answer is too short).
const many = join(data, `findings-${findingCount}.jsonl`);
if (!existsSync(many)) {
  console.log(`generating ${findingCount.toLocaleString('en-US')} records with one finding each → ${many}`);
  writeRecords(many, findingCount, (i, next) => ({ instruction: `Question ${i}: ${sentence(next, 8)}?`, output: 'Ok.' }), { array: false });
}
console.log(`\nreports of ${findingCount.toLocaleString('en-US')} findings (${mb(statSync(many).size)} of JSON Lines)`);
for (const format of ['text', 'json', 'sarif']) {
  const target = join(data, `report.${format}`);
  const r = cli(['check', many, '--format', format, '--fail-on', 'never'], target);
  console.log(
    r.failure
      ? `  ${format.padEnd(6)} failed: ${r.failure}`
      : `  ${format.padEnd(6)} ${s(r.ms)}, peak RSS ${r.peakRssMb} MB, output ${mb(statSync(target).size)}`,
  );
  rmSync(target, { force: true });
}
