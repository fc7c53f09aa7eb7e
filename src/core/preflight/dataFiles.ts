import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DatasetInfoEntry } from '../dataset/formats/datasetInfo';
import { findDatasetInfoEntry } from '../dataset/formats/datasetInfo';

/**
 * A minimal resolver from a config's dataset names to local data files, enough to count tokens:
 * LLaMA-Factory's `dataset` / `eval_dataset` through `<dataset_dir>/dataset_info.json`
 * (`dataset_dir` defaults to `data`, read against the project root as `llamafactory-cli` runs
 * there, then the config's folder), Axolotl's `datasets[].path` when it is a local file.
 * OVERLAPS the dataset_info.json loader of the pre-flight data checks (branch preflight-data):
 * merge the two when both land. Names it cannot resolve are returned as such; saying why they
 * do not resolve ("did you mean") is the data checks' job, not this file's.
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

export function resolveDataFiles(framework: string, values: Readonly<Record<string, unknown>>, baseDirs: readonly string[]): DataResolution {
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
        const file = firstExisting(path, baseDirs);
        if (file) list.push({ name: path, files: dataFilesAt(file) });
        else out.unresolved.push({ name: path, reason: /\.(jsonl?|json)$/i.test(path) ? 'missing' : 'remote' });
      }
    }
    return out;
  }
  if (framework !== 'llamafactory') return out;
  const dirName = typeof values.dataset_dir === 'string' && values.dataset_dir ? values.dataset_dir : 'data';
  // `REMOTE:org/name`: dataset_info.json lives on the Hub; nothing here is local.
  if (dirName.startsWith('REMOTE:')) {
    for (const key of ['dataset', 'eval_dataset']) for (const name of names(values[key])) out.unresolved.push({ name, reason: 'remote' });
    return out;
  }
  const datasetDir = firstExisting(join(dirName, 'dataset_info.json'), baseDirs)?.replace(/[\\/]dataset_info\.json$/, '');
  out.datasetDir = datasetDir;
  let info: Record<string, unknown> = {};
  if (datasetDir) {
    try {
      info = JSON.parse(readFileSync(join(datasetDir, 'dataset_info.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      info = {};
    }
  }
  for (const [list, key] of [
    [out.train, 'dataset'],
    [out.eval, 'eval_dataset'],
  ] as const) {
    for (const name of names(values[key])) {
      const entry = Object.hasOwn(info, name) ? (info[name] as Record<string, unknown> | null) : undefined;
      if (!entry || typeof entry !== 'object' || !datasetDir) {
        out.unresolved.push({ name, reason: 'unknown' });
        continue;
      }
      if (typeof entry.file_name !== 'string') {
        out.unresolved.push({ name, reason: 'remote' });
        continue;
      }
      const path = join(datasetDir, entry.file_name);
      if (!existsSync(path)) {
        out.unresolved.push({ name, reason: 'missing' });
        continue;
      }
      list.push({ name, files: dataFilesAt(path), info: findDatasetInfoEntry({ [name]: entry }, entry.file_name) });
    }
  }
  return out;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return list.map((n) => n.trim()).filter(Boolean);
}

function firstExisting(path: string, baseDirs: readonly string[]): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined;
  for (const base of baseDirs) {
    const full = join(base, path);
    if (existsSync(full)) return full;
  }
  return undefined;
}

/** A `file_name` may name a folder: its JSON and JSON Lines files, in name order. */
function dataFilesAt(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((n) => /\.(jsonl?|json)$/i.test(n))
    .sort()
    .map((n) => join(path, n));
}
