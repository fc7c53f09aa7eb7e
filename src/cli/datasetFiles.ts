import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv']);
const NOT_DATASETS = new Set(['dataset_info.json', 'package.json', 'package-lock.json', 'tsconfig.json']);

/** Expands the command line's files and directories into dataset files (`*.json`, `*.jsonl`), sorted. */
export async function collectDatasetFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) await walk(path);
      } else if (entry.isFile() && /\.jsonl?$/i.test(entry.name) && !NOT_DATASETS.has(entry.name)) {
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(path);
    else files.push(path);
  }
  return [...new Set(files)].sort();
}
