import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from a compiled test under out/ or a source file. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/out')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}
