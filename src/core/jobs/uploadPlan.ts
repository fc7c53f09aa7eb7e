import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { msg } from '../../shared/messageTemplate';
import { JobError } from './jobError';
import { isInside, isSafeRemoteRelative, realPath, secretReason } from './uploadSafety';

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
 * Hub datasets are downloaded by the host and not uploaded. Nothing outside the project is
 * uploaded: a `dataset_dir` or file name leading out of it, or a symlink whose real target is
 * outside, is left out with a note, as is any file that looks like a key or a credential, so a
 * hostile or careless project cannot send `~/.ssh` to a shared host or write beside the
 * working directory there.
 */
export function planUploads(configPath: string, projectRoot: string, values: Readonly<Record<string, unknown>>): UploadPlan {
  const notes: UploadPlan['notes'] = [];
  const files: UploadFile[] = [];
  const rootReal = realPath(projectRoot) ?? projectRoot;
  const remoteOf = (path: string) => relative(projectRoot, path).split(sep).join('/');
  const configRemote = isInside(projectRoot, configPath) ? remoteOf(configPath) : `configs/${basename(configPath) || 'config.yaml'}`;
  const configFile = admit(configPath, configRemote, { projectRoot, rootReal, notes, mustStayInside: false });
  if (!configFile) throw new JobError(msg('{0} cannot be launched: {1}'), [basename(configPath), notes.pop()?.args.at(-1) ?? '?']);
  files.push(configFile);

  const names = [values.dataset, values.eval_dataset].flatMap(splitNames);
  if (!names.length) return { configRemote, files, notes };
  const datasetDir = typeof values.dataset_dir === 'string' ? values.dataset_dir : 'data';
  if (isAbsolute(datasetDir)) {
    notes.push({ message: msg('dataset_dir {0} is an absolute path: the data is expected on the host already.'), args: [datasetDir] });
    return { configRemote, files, notes };
  }
  const localDir = resolve(projectRoot, datasetDir);
  if (!isInside(projectRoot, localDir)) {
    notes.push({ message: msg('dataset_dir {0} is outside the project: datasets are not uploaded (the host must have them there).'), args: [datasetDir] });
    return { configRemote, files, notes };
  }
  const infoPath = join(localDir, 'dataset_info.json');
  if (!existsSync(infoPath)) {
    notes.push({ message: msg('No dataset_info.json in {0}: datasets are not uploaded.'), args: [remoteOf(localDir) || '.'] });
    return { configRemote, files, notes };
  }
  const infoFile = admit(infoPath, remoteOf(infoPath), { projectRoot, rootReal, notes, mustStayInside: true });
  if (!infoFile) return { configRemote, files, notes };
  files.push(infoFile);
  let info: Record<string, DatasetInfoEntry>;
  try {
    info = JSON.parse(stripBom(readFileSync(infoFile.local, 'utf8'))) as Record<string, DatasetInfoEntry>;
  } catch {
    notes.push({ message: msg('{0} is not valid JSON: datasets are not uploaded.'), args: [remoteOf(infoPath)] });
    return { configRemote, files, notes };
  }
  for (const name of new Set(names)) {
    const entry = Object.hasOwn(info, name) ? info[name] : undefined;
    if (!entry) {
      notes.push({ message: msg('Dataset {0} is not in dataset_info.json.'), args: [name] });
      continue;
    }
    if (!entry.file_name || entry.hf_hub_url || entry.ms_hub_url || entry.om_hub_url || entry.script_url || entry.cloud_file_name) {
      notes.push({ message: msg('Dataset {0} comes from a hub or the cloud: the host downloads it.'), args: [name] });
      continue;
    }
    const local = resolve(localDir, entry.file_name);
    if (!isInside(projectRoot, local) || !existsSync(local)) {
      notes.push({ message: msg('Dataset {0}: {1} was not found in the project.'), args: [name, entry.file_name] });
      continue;
    }
    const real = realPath(local);
    const candidates = real && isInside(rootReal, real) && statSync(real).isDirectory() ? walk(local) : [local];
    for (const file of candidates) {
      const admitted = admit(file, remoteOf(file), { projectRoot, rootReal, notes, mustStayInside: true });
      if (admitted) files.push(admitted);
    }
  }
  return { configRemote, files: dedupe(files), notes };
}

interface AdmitContext {
  projectRoot: string;
  rootReal: string;
  notes: UploadPlan['notes'];
  /** Datasets must really be in the project; the config is the file the user chose to launch. */
  mustStayInside: boolean;
}

/** The file as an upload (its real path, so a link swapped later changes nothing), or a note saying why not. */
function admit(path: string, remote: string, context: AdmitContext): UploadFile | undefined {
  const shown = remote || basename(path);
  const real = realPath(path);
  if (!real) {
    context.notes.push({ message: msg('{0} was not found: not uploaded.'), args: [shown] });
    return undefined;
  }
  if (context.mustStayInside && !isInside(context.rootReal, real)) {
    context.notes.push({ message: msg('{0} is a link to a file outside the project: not uploaded.'), args: [shown, real] });
    return undefined;
  }
  if (!statSync(real).isFile()) return undefined; // a folder reached by a link inside a dataset folder: its files are listed on their own
  if (!isSafeRemoteRelative(remote)) {
    context.notes.push({ message: msg('{0} would be written outside the working directory on the host: not uploaded.'), args: [shown, remote] });
    return undefined;
  }
  const secret = secretReason([relative(context.projectRoot, path), relative(context.rootReal, real)], real);
  if (secret) {
    context.notes.push({ message: msg('{0} looks like a key or credential ({1}): never uploaded.'), args: [shown, secret] });
    return undefined;
  }
  return { local: real, remote, size: statSync(real).size };
}

function splitNames(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  return typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}

/** The files below a dataset folder; links are listed (and judged by admit), never followed into. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() || entry.isSymbolicLink() ? [path] : [];
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
