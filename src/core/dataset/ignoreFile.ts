import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { FindingCode } from '../../shared/findings';

/**
 * `.tunelab-ignore.json`: finding codes to ignore per dataset file, kept at a workspace (or
 * repository) root and honoured by the editor and the CLI alike. Paths are relative to the
 * ignore file, with forward slashes:
 *
 *   { "version": 1, "files": { "data/train.jsonl": ["too-long", "template-tone"] } }
 *
 * A file is governed by the nearest ignore file in its folder or above. A broken ignore file is
 * an error (reported), not silently skipped.
 */
export const IGNORE_FILE_NAME = '.tunelab-ignore.json';

export interface IgnoreFile {
  version: 1;
  files: Record<string, FindingCode[]>;
}

export function parseIgnoreFile(text: string): IgnoreFile {
  const value = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  const files: Record<string, FindingCode[]> = {};
  if (typeof value === 'object' && value !== null && typeof (value as { files?: unknown }).files === 'object') {
    for (const [path, codes] of Object.entries((value as { files: Record<string, unknown> }).files)) {
      if (Array.isArray(codes)) files[path] = codes.filter((c): c is FindingCode => typeof c === 'string');
    }
  }
  return { version: 1, files };
}

/** The ignore file with `code` added for `relativePath`, as text to write. */
export function withIgnoredCode(current: IgnoreFile | undefined, relativePath: string, code: FindingCode): string {
  const files = { ...(current?.files ?? {}) };
  const codes = new Set(files[relativePath] ?? []);
  codes.add(code);
  files[relativePath] = [...codes].sort();
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ version: 1, files: sorted }, null, 2)}\n`;
}

export function ignoredCodes(ignore: IgnoreFile | undefined, relativePath: string): ReadonlySet<FindingCode> {
  return new Set(ignore?.files[relativePath] ?? []);
}

/** Analysis options with the ignored codes turned off, so findings and summary counts agree. */
export function severityWithIgnored<T extends Partial<Record<FindingCode, string>>>(severity: T, ignored: ReadonlySet<FindingCode>): T {
  const out: Record<string, string> = { ...severity };
  for (const code of ignored) out[code] = 'off';
  return out as T;
}

/** The nearest ignore file for `datasetPath` (its folder or above), with the dataset's path relative to it. */
export async function findIgnoreFile(datasetPath: string): Promise<{ path: string; ignore: IgnoreFile; relativePath: string } | undefined> {
  for (let dir = dirname(datasetPath); ; dir = dirname(dir)) {
    const candidate = join(dir, IGNORE_FILE_NAME);
    let text: string | undefined;
    try {
      text = await readFile(candidate, 'utf8');
    } catch {
      // absent or unreadable: keep looking upwards
    }
    if (text !== undefined) {
      let ignore: IgnoreFile;
      try {
        ignore = parseIgnoreFile(text);
      } catch (error) {
        throw new Error(`${candidate} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      return { path: candidate, ignore, relativePath: relative(dir, datasetPath).split(sep).join('/') };
    }
    if (dirname(dir) === dir) return undefined;
  }
}
