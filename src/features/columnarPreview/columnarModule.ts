import { join } from 'node:path';
import type * as Columnar from '../../core/dataset/columnar/columnarEntry';

let loaded: typeof Columnar | undefined;

/** dist/columnar.js, required when the first Parquet or Arrow file opens (as dist/remote.js is for jobs). */
export function columnarModule(extensionPath: string): typeof Columnar {
  // A computed path keeps esbuild from bundling it into extension.js (import() would be bundled).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(extensionPath, 'dist', 'columnar.js')) as typeof Columnar;
  return loaded;
}
