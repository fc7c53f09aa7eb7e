// `npm run sample`: the main job on the bundled sample data, on a fresh clone after `npm ci`.
// Builds and packages the extension (dist-vsix/tunelab.vsix), then checks samples/ with the
// tunelab CLI (findings are expected there: the samples have problems planted on purpose).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const step = (title, command, args) => {
  console.log(`\n== ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
};

let status = step('package the extension', process.execPath, ['scripts/package.mjs']);
if (status === 0) status = step('tunelab check samples/', process.execPath, ['dist/cli.js', 'check', 'samples', '--fail-on', 'never']);
process.exit(status);
