import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileTypeOf } from './datasetInfo/dataFile';

/**
 * THE way a dataset_info.json entry's `file_name` becomes files, used by the data checks
 * (loadPreflightData.ts) and by the token count and run plan (dataFiles.ts). It follows
 * LLaMA-Factory's loader (`_load_single_dataset`, load_from "file"):
 *
 * - `os.path.join(dataset_dir, file_name)`: a `file_name` with subfolders (`sub/train.jsonl`)
 *   is a path under dataset_dir;
 * - a folder: every entry `os.listdir` gives (not recursive), all of which must have one type;
 *   listed here in name order (os.listdir's order is arbitrary);
 * - a file: that file;
 * - anything else raises "File … not found". No glob is expanded: `data/*.jsonl` is looked up
 *   literally (isdir / isfile), so TuneLab does not expand it either and reports it missing.
 */
export interface EntryFiles {
  /** file_name as written. */
  fileName: string;
  /** The absolute path it names. */
  path: string;
  exists: boolean;
  isDirectory: boolean;
  /** A folder's file names (sorted, not recursive; sub-folders left out), as LLaMA-Factory lists them. */
  names: string[];
  /** The data files to read, absolute: the file itself, or the folder's files. */
  files: string[];
}

export async function resolveEntryFiles(datasetDir: string, fileName: string): Promise<EntryFiles> {
  const path = resolve(datasetDir, fileName);
  const info = await stat(path).catch(() => undefined);
  if (!info) return { fileName, path, exists: false, isDirectory: false, names: [], files: [] };
  if (!info.isDirectory()) return { fileName, path, exists: true, isDirectory: false, names: [], files: info.isFile() ? [path] : [] };
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => !d.isDirectory())
    .map((d) => d.name)
    .sort();
  return { fileName, path, exists: true, isDirectory: true, names, files: names.map((n) => join(path, n)) };
}

/** The files TuneLab reads records from: JSON / JSON Lines and the columnar types (Parquet, Arrow, CSV). */
export function readableDataFiles(files: readonly string[]): string[] {
  return files.filter((f) => {
    const type = fileTypeOf(f);
    return type === 'json' || type === 'parquet' || type === 'arrow' || type === 'csv';
  });
}
