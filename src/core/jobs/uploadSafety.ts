import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, sep } from 'node:path';

/**
 * Guards for what a launch uploads and where it writes. An upload is the user's files going to
 * a shared GPU host, so two things must hold whatever the config or the project holds:
 * a file lands inside the remote working directory (never `<workdir>/../x`), and what is sent is
 * a file of the project, not what a symlink points at (`data/leak.json -> ~/.ssh/id_ed25519`),
 * and never something that looks like a key or a credential.
 */

/** True when `path` is `root` or below it (both absolute, compared as written). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path (symlinks resolved), or undefined when it does not exist. */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A remote path relative to the working directory that cannot leave it: not empty, not
 * absolute, `/`-separated, with no `.`, `..` or empty segment and no NUL or backslash (a
 * backslash is a separator on a Windows host's SFTP server).
 */
export function isSafeRemoteRelative(path: string): boolean {
  if (!path || path.startsWith('/') || /[\0\\]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Folders that hold credentials: a file below one is never uploaded, whatever its name. */
const SECRET_FOLDERS = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store']);

/** File names of keys and credentials (SSH, TLS, cloud CLIs, package registries, .env files). */
const SECRET_NAMES = [
  /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?(\..*)?$/i,
  /^(identity|authorized_keys|known_hosts)$/i,
  /\.(pem|key|p12|pfx|jks|keystore|ppk|gpg|asc|kdbx)$/i,
  /^\.?(netrc|pgpass|npmrc|pypirc|git-credentials|htpasswd)$/i,
  /^\.env(\..*)?$/i,
  /^credentials(\.json)?$/i,
];

/** What key files start with (PEM and OpenSSH private keys, PuTTY keys). */
const SECRET_CONTENT = /-----BEGIN ([A-Z0-9 ]+ )?PRIVATE KEY-----|PuTTY-User-Key-File-|-----BEGIN PGP PRIVATE KEY BLOCK-----/;

/**
 * Why a file looks like a secret (a key or credential), or undefined. Judged on `names` (the
 * path as given and its real target, each relative to the project, so the folders above the
 * project do not count), and on the first 4 KiB of `real`.
 */
export function secretReason(names: readonly string[], real: string): string | undefined {
  for (const candidate of names) {
    const name = basename(candidate);
    if (SECRET_NAMES.some((re) => re.test(name))) return name;
    const folder = candidate.split(/[\\/]/).find((segment) => SECRET_FOLDERS.has(segment));
    if (folder) return folder;
  }
  const head = readHead(real, 4096);
  return head !== undefined && SECRET_CONTENT.test(head) ? 'PRIVATE KEY' : undefined;
}

function readHead(path: string, bytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    const length = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, length).toString('latin1');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
