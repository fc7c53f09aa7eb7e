// `npm test`: every test tier, in order, then one summary line `N passed, N failed`.
//
//   node scripts/test/run-all.mjs                 lint, typecheck, unit, package, e2e, integration
//   node scripts/test/run-all.mjs unit integration  only those stages (build always runs)
//
// Lint and the type-check count as one check each; test stages count their mocha tests.
// Installs what the VS Code and SSH tiers need (Debian packages, pinned code-server) on first use.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const allStages = ['lint', 'typecheck', 'unit', 'package', 'e2e', 'integration'];
const requested = process.argv.slice(2);
const unknown = requested.filter((s) => !allStages.includes(s));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages are ${allStages.join(', ')}`);
  process.exit(2);
}
const stages = requested.length ? allStages.filter((s) => requested.includes(s)) : allStages;
const results = [];
const t0 = Date.now();
let cachedCodeServer;

function run(command, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', ms: Date.now() - started };
}

function record(stage, passed, failed, ms, note = '') {
  results.push({ stage, passed, failed, ms, note });
  console.log(`\n[test] ${stage}: ${passed} passed, ${failed} failed (${(ms / 1000).toFixed(1)} s)${note ? ` ${note}` : ''}\n`);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? testFiles(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

/** Runs mocha over compiled tests in a child process and reads its JSON result. */
function mochaStage(stage, dir, env = {}, { pendingFails = false } = {}) {
  const files = testFiles(join(root, 'out', 'test', dir)).sort();
  if (files.length === 0) {
    record(stage, 0, 1, 0, `(no tests found in test/${dir})`);
    return;
  }
  const resultFile = join(root, '.artifacts', `${stage}-results.json`);
  rmSync(resultFile, { force: true });
  const r = run(process.execPath, [join(root, 'scripts', 'test', 'run-mocha.mjs'), resultFile, ...files], { env });
  let counts = { passed: 0, failed: 1 };
  try {
    counts = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {
    /* mocha crashed before reporting: counts as a failure */
  }
  if (!r.ok && counts.failed === 0) counts.failed = 1;
  // A tier whose real parts are missing must not report green by skipping.
  if (pendingFails && counts.pending) counts.failed += counts.pending;
  record(stage, counts.passed, counts.failed, r.ms, counts.pending ? `(${counts.pending} pending${pendingFails ? ', counted as failed' : ''})` : '');
}

console.log('[test] building bundles and tests');
const build = run(process.execPath, ['scripts/build.mjs', '--tests']);
if (!build.ok) {
  record('build', 0, 1, build.ms);
} else {
  for (const stage of stages) {
    if (stage === 'lint') {
      // `npm run lint`: ESLint (layering, small files), the import-cycle check and the format check.
      const r = run('npm', ['run', '-s', 'lint']);
      record('lint', r.ok ? 1 : 0, r.ok ? 0 : 1, r.ms);
    } else if (stage === 'typecheck') {
      const a = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
      const b = run('npx', ['tsc', '--noEmit', '-p', 'webviews/tsconfig.json']);
      record('typecheck', (a.ok ? 1 : 0) + (b.ok ? 1 : 0), (a.ok ? 0 : 1) + (b.ok ? 0 : 1), a.ms + b.ms);
    } else if (stage === 'unit') {
      mochaStage('unit', 'unit');
    } else if (stage === 'package') {
      const p = run('npm', ['run', '-s', 'package']);
      if (!p.ok) record('package', 0, 1, p.ms, '(npm run package failed)');
      else mochaStage('package', 'package', { TUNELAB_VSIX: join(root, 'dist-vsix', 'tunelab.vsix'), CODE_SERVER: codeServer() });
    } else if (stage === 'e2e') {
      // Jobs over SSH against a real OpenSSH sshd on 127.0.0.1 (installed by setup-test-env).
      if (!codeServer()) {
        record('e2e', 0, 1, 0, '(test environment setup failed)');
        continue;
      }
      mochaStage('e2e', 'e2e', {}, { pendingFails: true });
    } else if (stage === 'integration') {
      const cs = codeServer();
      if (!cs) {
        record('integration', 0, 1, 0, '(test environment setup failed)');
        continue;
      }
      // The package stage leaves production bundles in dist/; the suite runs against what ships.
      if (!existsSync(join(root, 'dist', 'extension.js'))) run(process.execPath, ['scripts/build.mjs']);
      const resultsFile = join(root, '.artifacts', 'integration-results.json');
      rmSync(resultsFile, { force: true });
      const r = run(process.execPath, ['scripts/test/run-integration.mjs'], { env: { CODE_SERVER: cs, RESULTS_FILE: resultsFile } });
      let counts = { passed: 0, failed: 1, vscodeVersion: '?' };
      try {
        counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
      } catch {
        /* the run died before the suite reported */
      }
      if (!r.ok && counts.failed === 0) counts.failed = 1;
      // The suite forbids pending tests (test/support/strictMocha.ts); any that slip through still fail the stage.
      if (counts.pending) counts.failed += counts.pending;
      record('integration', counts.passed, counts.failed, r.ms, `(inside VS Code ${counts.vscodeVersion})`);
    }
  }
}

function codeServer() {
  if (cachedCodeServer !== undefined) return cachedCodeServer;
  const r = run('bash', ['scripts/test/setup-test-env.sh'], { capture: true });
  cachedCodeServer = r.ok ? r.stdout.trim().split('\n').pop() : '';
  return cachedCodeServer;
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\n[test] stage        passed  failed   seconds');
for (const r of results) {
  console.log(
    `[test] ${r.stage.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${(r.ms / 1000).toFixed(1).padStart(8)}  ${r.note}`,
  );
}
console.log(`[test] total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
