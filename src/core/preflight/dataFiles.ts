import { isAbsolute } from 'node:path';
import type { DatasetInfoEntry } from '../dataset/formats/datasetInfo';
import { findDatasetInfoEntry } from '../dataset/formats/datasetInfo';
import { readableDataFiles, resolveEntryFiles } from './entryFiles';
import { loadDatasetInfo, resolveDatasetDir } from './loadPreflightData';

/**
 * From a config's dataset names to local data files, for the token count and the run plan:
 * LLaMA-Factory's `dataset` / `eval_dataset` through `<dataset_dir>/dataset_info.json`, found
 * and resolved exactly as the data checks find and resolve them (resolveDatasetDir,
 * resolveEntryFiles), Axolotl's `datasets[].path` when it is a local file or folder. Names it
 * cannot resolve are returned as such; saying why ("did you mean") is the data checks' job.
 */
export interface ResolvedDataset {
  name: string;
  files: string[];
  /** The dataset_info.json entry (LLaMA-Factory), read as the data checks read it. */
  info?: DatasetInfoEntry;
}

export interface DataResolution {
  train: ResolvedDataset[];
  eval: ResolvedDataset[];
  /** Names not resolved to local files: unknown, on a hub, or missing on disk. */
  unresolved: Array<{ name: string; reason: 'unknown' | 'remote' | 'missing' }>;
  datasetDir?: string;
}

/** `baseDirs`: the project root first, then the config's folder (whose parents are tried after it). */
export async function resolveDataFiles(
  framework: string,
  values: Readonly<Record<string, unknown>>,
  baseDirs: readonly string[],
  configPath: string,
): Promise<DataResolution> {
  const out: DataResolution = { train: [], eval: [], unresolved: [] };
  if (framework === 'axolotl') {
    for (const [list, key] of [
      [out.train, 'datasets'],
      [out.eval, 'test_datasets'],
    ] as const) {
      const entries = Array.isArray(values[key]) ? (values[key] as unknown[]) : [];
      for (const entry of entries) {
        const path = entry && typeof entry === 'object' ? (entry as { path?: unknown }).path : undefined;
        if (typeof path !== 'string') continue;
        const found = await firstExisting(path, baseDirs);
        if (found) list.push({ name: path, files: readableDataFiles(found.files) });
        else out.unresolved.push({ name: path, reason: /\.(jsonl?|json|parquet|arrow|csv)$/i.test(path) ? 'missing' : 'remote' });
      }
    }
    return out;
  }
  if (framework !== 'llamafactory') return out;
  const dir = await resolveDatasetDir(values, configPath, baseDirs[0]);
  if (dir.remote) {
    for (const key of ['dataset', 'eval_dataset']) for (const name of names(values[key])) out.unresolved.push({ name, reason: 'remote' });
    return out;
  }
  out.datasetDir = dir.dir;
  let raw: Record<string, unknown> = {};
  if (dir.dir) {
    try {
      raw = JSON.parse((await loadDatasetInfo(dir.dir)).text) as Record<string, unknown>;
    } catch {
      raw = {};
    }
  }
  for (const [list, key] of [
    [out.train, 'dataset'],
    [out.eval, 'eval_dataset'],
  ] as const) {
    for (const name of names(values[key])) {
      const entry = Object.hasOwn(raw, name) ? (raw[name] as Record<string, unknown> | null) : undefined;
      if (!entry || typeof entry !== 'object' || !dir.dir) {
        out.unresolved.push({ name, reason: 'unknown' });
        continue;
      }
      if (typeof entry.file_name !== 'string') {
        out.unresolved.push({ name, reason: 'remote' });
        continue;
      }
      const resolved = await resolveEntryFiles(dir.dir, entry.file_name);
      const files = readableDataFiles(resolved.files);
      if (!files.length) {
        out.unresolved.push({ name, reason: 'missing' });
        continue;
      }
      list.push({ name, files, info: findDatasetInfoEntry({ [name]: entry }, entry.file_name) });
    }
  }
  return out;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return list.map((n) => n.trim()).filter(Boolean);
}

async function firstExisting(path: string, baseDirs: readonly string[]) {
  for (const base of isAbsolute(path) ? ['/'] : baseDirs) {
    const found = await resolveEntryFiles(base, path);
    if (found.exists) return found;
  }
  return undefined;
}
