import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { msg } from '../dataset/messageTemplate';

/** A local file and where it goes, relative to the remote working directory. */
export interface UploadFile {
  local: string;
  remote: string;
  size: number;
}

export interface UploadPlan {
  /** The config's path on the host, relative to the working directory (the `{config}` value). */
  configRemote: string;
  files: UploadFile[];
  /** Notes for the user: datasets not found locally, hub datasets, data outside the project. */
  notes: Array<{ message: string; args: Array<string | number> }>;
}

interface DatasetInfoEntry {
  file_name?: string;
  hf_hub_url?: string;
  ms_hub_url?: string;
  om_hub_url?: string;
  script_url?: string;
  cloud_file_name?: string;
}

/**
 * What to upload for a LLaMA-Factory config: the config itself, and for each dataset named in
 * `dataset` / `eval_dataset` the files `dataset_info.json` points at, under `dataset_dir`
 * (default `data`), all at the same place relative to the project root as locally (LLaMA-Factory
 * resolves `dataset_dir` from its working directory, which the job uses as the project root).
 * Hub datasets are downloaded by the host and not uploaded.
 */
export function planUploads(configPath: string, projectRoot: string, values: Readonly<Record<string, unknown>>): UploadPlan {
  const notes: UploadPlan['notes'] = [];
  const files: UploadFile[] = [];
  const inside = (path: string) => !relative(projectRoot, path).startsWith('..') && !isAbsolute(relative(projectRoot, path));
  const remoteOf = (path: string) => relative(projectRoot, path).split(sep).join('/');
  const configRemote = inside(configPath) ? remoteOf(configPath) : `configs/${configPath.split(sep).pop() ?? 'config.yaml'}`;
  files.push({ local: configPath, remote: configRemote, size: statSync(configPath).size });

  const names = [values.dataset, values.eval_dataset].flatMap(splitNames);
  if (!names.length) return { configRemote, files, notes };
  const datasetDir = typeof values.dataset_dir === 'string' ? values.dataset_dir : 'data';
  if (isAbsolute(datasetDir)) {
    notes.push({ message: msg('dataset_dir {0} is an absolute path: the data is expected on the host already.'), args: [datasetDir] });
    return { configRemote, files, notes };
  }
  const localDir = resolve(projectRoot, datasetDir);
  const infoPath = join(localDir, 'dataset_info.json');
  if (!existsSync(infoPath)) {
    notes.push({ message: msg('No dataset_info.json in {0}: datasets are not uploaded.'), args: [remoteOf(localDir) || '.'] });
    return { configRemote, files, notes };
  }
  files.push({ local: infoPath, remote: remoteOf(infoPath), size: statSync(infoPath).size });
  let info: Record<string, DatasetInfoEntry>;
  try {
    info = JSON.parse(stripBom(readFileSync(infoPath, 'utf8'))) as Record<string, DatasetInfoEntry>;
  } catch {
    notes.push({ message: msg('{0} is not valid JSON: datasets are not uploaded.'), args: [remoteOf(infoPath)] });
    return { configRemote, files, notes };
  }
  for (const name of new Set(names)) {
    const entry = info[name];
    if (!entry) {
      notes.push({ message: msg('Dataset {0} is not in dataset_info.json.'), args: [name] });
      continue;
    }
    if (!entry.file_name || entry.hf_hub_url || entry.ms_hub_url || entry.om_hub_url || entry.script_url || entry.cloud_file_name) {
      notes.push({ message: msg('Dataset {0} comes from a hub or the cloud: the host downloads it.'), args: [name] });
      continue;
    }
    const local = resolve(localDir, entry.file_name);
    if (!inside(local) || !existsSync(local)) {
      notes.push({ message: msg('Dataset {0}: {1} was not found in the project.'), args: [name, entry.file_name] });
      continue;
    }
    for (const file of statSync(local).isDirectory() ? walk(local) : [local]) files.push({ local: file, remote: remoteOf(file), size: statSync(file).size });
  }
  return { configRemote, files: dedupe(files), notes };
}

function splitNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

function dedupe(files: UploadFile[]): UploadFile[] {
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(f.remote) && seen.add(f.remote));
}

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

/** SHA-256 of a local file, streamed. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}
