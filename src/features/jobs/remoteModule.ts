import { join } from 'node:path';
import type * as Remote from '../../adapters/ssh2';

let loaded: typeof Remote | undefined;

/**
 * dist/remote.js (ssh2 and the SSH adapter), required on first use: activation never pays for
 * ssh2, and a window that never runs a job never loads it.
 */
export function remoteModule(extensionPath: string): typeof Remote {
  // A computed path keeps esbuild from bundling it into extension.js (import() would be bundled).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(extensionPath, 'dist', 'remote.js')) as typeof Remote;
  return loaded;
}

export function isRemoteLoaded(): boolean {
  return loaded !== undefined;
}
