// `npm run package`: production bundles, then the .vsix (dist-vsix/tunelab.vsix) with vsce.
// Dependencies are bundled by esbuild, so vsce is told not to pack node_modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist-vsix', 'tunelab.vsix');
const step = (command, args) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync(join(root, 'dist-vsix'), { recursive: true });
// Relative links in the README stay relative: the project has no public repository URL to prefix.
step('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
console.log(`[package] ${out} (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
