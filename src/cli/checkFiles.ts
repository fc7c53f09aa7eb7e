import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewFileName } from '../core/dataset/review/reviewFile';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv']);
const NOT_CHECKED = new Set(['dataset_info.json', 'package.json', 'package-lock.json', 'tsconfig.json']);

export interface CheckFile {
  path: string;
  /** Named on the command line (rather than found in a directory): a file that is not a config is said so. */
  explicit: boolean;
}

/**
 * Expands the command line's files and directories into datasets and configs (`*.json`, `*.jsonl`,
 * `*.yaml`, `*.yml`, and the columnar `*.parquet`, `*.arrow`, `*.feather`), sorted. CSV and TSV
 * files are checked when named, not when a folder is walked: projects keep metrics and results in
 * CSV, and a walk would report each as a dataset of an unknown shape.
 */
export async function collectCheckFiles(paths: readonly string[]): Promise<CheckFile[]> {
  const files = new Map<string, CheckFile>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) await walk(path);
      } else if (
        entry.isFile() &&
        /\.(jsonl?|ya?ml|parquet|arrow|feather)$/i.test(entry.name) &&
        !NOT_CHECKED.has(entry.name) &&
        !isReviewFileName(entry.name) &&
        !files.has(path)
      ) {
        files.set(path, { path, explicit: false });
      }
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(path);
    // A FIFO or device would block the read forever (`mkfifo data.jsonl`): only regular files are checked.
    else if (!info.isFile()) throw new Error(`${path}: not a regular file`);
    else files.set(path, { path, explicit: true });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
