// `npm run sample`: the main job on the bundled sample data, on a fresh clone after `npm ci`.
// Builds and packages the extension (dist-vsix/tunelab.vsix) and runs the CLI.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const step = (title, command, args) => {
  console.log(`\n== ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
};

let status = step('package the extension', process.execPath, ['scripts/package.mjs']);
if (status === 0) status = step('the tunelab command line', process.execPath, ['dist/cli.js', '--version']);
process.exit(status);
