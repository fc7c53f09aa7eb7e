import { open, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseConfig } from '../config/document/parseConfig';
import { topLevelValues } from '../config/document/configTree';
import type { ConfigDocument } from '../config/document/configTree';
import { RecordScanner } from '../dataset/reading/recordScanner';
import type { DataFileFacts } from './datasetInfo/dataFile';
import { SAMPLE_RECORDS, fileTypeOf } from './datasetInfo/dataFile';
import type { DatasetInfoFile } from './datasetInfo/datasetInfoModel';
import { parseDatasetInfo } from './datasetInfo/datasetInfoModel';
import { datasetNameRefs } from './configData/datasetNames';
import type { EntryFiles } from './entryFiles';
import { resolveEntryFiles } from './entryFiles';

/**
 * The I/O side of the pre-flight data checks, shared by the CLI, the editor and the pre-flight
 * command (like src/core/dataset/datasetFile.ts for the dataset engine): find dataset_info.json
 * for a config, read the head of each data file, find the configs of a project. The checks
 * themselves (checkConfigData, checkDatasetInfo) never import this file.
 *
 * dataset_dir: LLaMA-Factory resolves it against the working directory of the process, which
 * TuneLab cannot know. It takes the first of these that holds a dataset_info.json: the project
 * folder (the workspace folder in VS Code, the current directory in the CLI), the config's own
 * folder, then the config folder's parents (a config in examples/train_lora/ of a checkout
 * finds data/ at the root). An absolute dataset_dir is used as it is; ONLINE and REMOTE: are
 * not local, and their names are not checked.
 */
export const DATA_CONFIG = 'dataset_info.json';
const MAX_PARENTS = 8;
/** At most this many bytes of a data file are read for its sample. */
const MAX_SAMPLE_BYTES = 16 << 20;
const CHUNK_BYTES = 1 << 20;

export interface DatasetDirResolution {
  /** dataset_dir as written (default data). */
  written: string;
  /** The folder holding dataset_info.json, when found. */
  dir?: string;
  /** Where it was looked for, in order (for messages). */
  tried: string[];
  /** ONLINE / REMOTE: datasets, not on this machine. */
  remote: boolean;
}

export async function resolveDatasetDir(values: Readonly<Record<string, unknown>>, configPath: string, projectRoot?: string): Promise<DatasetDirResolution> {
  const written = typeof values.dataset_dir === 'string' && values.dataset_dir.trim() ? values.dataset_dir.trim() : 'data';
  if (written === 'ONLINE' || written.startsWith('REMOTE:')) return { written, tried: [], remote: true };
  const candidates: string[] = [];
  if (isAbsolute(written)) candidates.push(written);
  else {
    if (projectRoot) candidates.push(resolve(projectRoot, written));
    let folder = dirname(resolve(configPath));
    for (let i = 0; i <= MAX_PARENTS; i++) {
      candidates.push(resolve(folder, written));
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
  const tried = [...new Set(candidates)];
  for (const dir of tried) if (await isFile(join(dir, DATA_CONFIG))) return { written, dir, tried, remote: false };
  return { written, tried, remote: false };
}

export async function loadDatasetInfo(dir: string): Promise<{ path: string; text: string; info: DatasetInfoFile }> {
  const path = join(dir, DATA_CONFIG);
  const text = await readFile(path, 'utf8');
  return { path, text, info: parseDatasetInfo(text) };
}

/** The facts of each local file of the entries (only `names` when given), read in parallel. */
export async function loadDataFiles(datasetDir: string, info: DatasetInfoFile, names?: Iterable<string>): Promise<Map<string, DataFileFacts>> {
  const wanted = names ? new Set(names) : undefined;
  const fileNames = new Set<string>();
  for (const entry of info.entries) if (entry.fileName && (!wanted || wanted.has(entry.name))) fileNames.add(entry.fileName.value);
  const facts = await Promise.all([...fileNames].map((fileName) => inspectDataFile(datasetDir, fileName)));
  return new Map(facts.map((f) => [f.fileName, f]));
}

/**
 * Samples by path, size and modification time: the editor re-checks dataset_info.json as the
 * user types, and an unchanged data file is not read again.
 */
const sampleCache = new Map<string, DataFileFacts>();
const SAMPLE_CACHE_SIZE = 64;

export async function inspectDataFile(datasetDir: string, fileName: string): Promise<DataFileFacts> {
  const entry = await resolveEntryFiles(datasetDir, fileName);
  const path = entry.path;
  if (!entry.exists) return { fileName, path, exists: false, isDirectory: false };
  const info = await stat(path).catch(() => undefined);
  const key = `${path}\u0000${fileName}\u0000${info?.size}\u0000${info?.mtimeMs}`;
  const cached = entry.isDirectory ? undefined : sampleCache.get(key);
  if (cached) return cached;
  const facts = await readDataFile(entry);
  if (!entry.isDirectory) {
    if (sampleCache.size >= SAMPLE_CACHE_SIZE) sampleCache.delete(sampleCache.keys().next().value as string);
    sampleCache.set(key, facts);
  }
  return facts;
}

async function readDataFile(entry: EntryFiles): Promise<DataFileFacts> {
  const { fileName, path } = entry;
  if (entry.isDirectory) {
    const files = entry.names;
    const first = files.find((f) => isSampled(f));
    const records = first ? await sampleAny(join(path, first)).catch(() => undefined) : undefined;
    return { fileName, path, exists: true, isDirectory: true, files, records, sampledFile: first && `${fileName.replace(/\/$/, '')}/${first}` };
  }
  const records = entry.files.length && isSampled(fileName) ? await sampleAny(path).catch(() => undefined) : undefined;
  return { fileName, path, exists: true, isDirectory: false, records };
}

/** JSON / JSON Lines, and the columnar files LLaMA-Factory reads (Parquet, Arrow, CSV): their first rows are records too. */
function isSampled(name: string): boolean {
  const type = fileTypeOf(name);
  return type === 'json' || type === 'parquet' || type === 'arrow' || type === 'csv';
}

function sampleAny(path: string): Promise<unknown[] | undefined> {
  if (fileTypeOf(path) === 'json') return sampleRecords(path);
  return columnarSampler ? columnarSampler(path) : Promise.resolve(undefined);
}

let columnarSampler: ((path: string) => Promise<unknown[]>) | undefined;

/**
 * Parquet / Arrow / CSV samples need the columnar readers, which the extension keeps out of its
 * main bundle (dist/columnar.js loads when such a file opens). The CLI and the pre-flight worker
 * install them (`enableColumnarSamples` in columnarSample.ts); without them such files are only
 * checked for existence and type, as before.
 */
export function setColumnarSampler(sampler: ((path: string) => Promise<unknown[]>) | undefined): void {
  columnarSampler = sampler;
  sampleCache.clear();
}

/**
 * The first records of a JSON array or JSON Lines file, parsed; stops after `limit` records or
 * MAX_SAMPLE_BYTES, so a huge file costs no more than a small one. Unparsable records are skipped.
 */
export async function sampleRecords(path: string, limit = SAMPLE_RECORDS): Promise<unknown[]> {
  const records: unknown[] = [];
  const decoder = new TextDecoder();
  const scanner = new RecordScanner({
    record(_record, bytes) {
      if (records.length >= limit) return;
      try {
        records.push(JSON.parse(decoder.decode(bytes)));
      } catch {
        // A malformed record is the dataset checks' business; the sample reads the rest.
      }
    },
  });
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (let offset = 0; offset < MAX_SAMPLE_BYTES && records.length < limit;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
      if (bytesRead === 0) {
        scanner.finish();
        break;
      }
      scanner.push(buffer.slice(0, bytesRead));
      offset += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return records;
}

/** What checkConfigData needs for one config, read from disk. */
export interface ConfigDataFiles {
  datasetDir: DatasetDirResolution;
  infoPath?: string;
  info?: DatasetInfoFile;
  dataFiles: Map<string, DataFileFacts>;
}

export async function loadConfigDataFiles(document: ConfigDocument, text: string, configPath: string, projectRoot?: string): Promise<ConfigDataFiles> {
  const values = topLevelValues(document);
  const datasetDir = await resolveDatasetDir(values, configPath, projectRoot);
  if (!datasetDir.dir) return { datasetDir, dataFiles: new Map() };
  const { path, info } = await loadDatasetInfo(datasetDir.dir);
  const names = datasetNameRefs(document, text).map((r) => r.name);
  return { datasetDir, infoPath: path, info, dataFiles: await loadDataFiles(datasetDir.dir, info, names) };
}

const SKIPPED = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', 'saves', 'output', 'outputs', 'wandb']);
const MAX_CONFIG_FILES = 2000;
const MAX_DEPTH = 6;

/**
 * The dataset names used by the YAML configs under `projectRoot` whose dataset_dir resolves to
 * `datasetDir`, or undefined when none of them does (so "unused" is never said of a project
 * whose configs live elsewhere). Bounded: 2,000 files, 6 levels.
 */
export async function findUsedDatasetNames(projectRoot: string, datasetDir: string): Promise<Set<string> | undefined> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || files.length >= MAX_CONFIG_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || files.length >= MAX_CONFIG_FILES) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) await walk(path, depth + 1);
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.push(path);
    }
  };
  await walk(projectRoot, 0);
  const target = resolve(datasetDir);
  let configs = 0;
  const used = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.length > 200_000 || !/^\s*(?:eval_)?dataset\s*:/m.test(text)) continue;
    const document = parseConfig(text, 'yaml');
    const refs = datasetNameRefs(document, text);
    if (refs.length === 0) continue;
    const resolution = await resolveDatasetDir(topLevelValues(document), file, projectRoot);
    if (!resolution.dir || resolve(resolution.dir) !== target) continue;
    configs++;
    for (const ref of refs) used.add(ref.name);
  }
  return configs > 0 ? used : undefined;
}

/** Everything checkDatasetInfo needs for one dataset_info.json on disk. */
export interface DatasetInfoLoadOptions {
  /** The document's text when it is open (maybe not saved). */
  text?: string;
  /** The project whose configs count for unused-dataset (default: the folder holding dataset_dir). */
  projectRoot?: string;
  /** Finds the names the configs use; the editor passes a cached one. */
  findUsed?: (projectRoot: string, datasetDir: string) => Promise<Set<string> | undefined>;
}

export async function loadDatasetInfoFiles(
  infoPath: string,
  options: DatasetInfoLoadOptions = {},
): Promise<{ text: string; info: DatasetInfoFile; dataFiles: Map<string, DataFileFacts>; usedNames?: Set<string> }> {
  const dir = dirname(resolve(infoPath));
  const projectRoot = options.projectRoot;
  // The editor passes the document's text, which may not be saved yet.
  const text = options.text ?? (await readFile(infoPath, 'utf8'));
  const info = parseDatasetInfo(text);
  const [dataFiles, usedNames] = await Promise.all([loadDataFiles(dir, info), (options.findUsed ?? findUsedDatasetNames)(projectRoot ?? dirname(dir), dir)]);
  return { text, info, dataFiles, usedNames };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
