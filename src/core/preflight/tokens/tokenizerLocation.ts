import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where a tokenizer was found, or every place that was looked at when none was. */
export type TokenizerLocation = { found: true; dir: string; source: 'setting' | 'model-path' | 'hf-cache' } | { found: false; searched: string[] };

export interface TokenizerSearch {
  /** `--tokenizer` or `tunelab.preflight.tokenizerPath`: a folder holding tokenizer.json, or the file itself. */
  explicit?: string;
  /** The config's `model_name_or_path` / `base_model`. */
  model?: string;
  /** Folders a relative model path is read against (the project root, the config's folder). */
  baseDirs: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Finds `tokenizer.json` without downloading anything: the explicit path first, then the model
 * path when it is a local folder, then the Hugging Face cache (`$HF_HUB_CACHE`, `$HF_HOME/hub`,
 * `~/.cache/huggingface/hub`), where a hub name `Org/Name` is stored as
 * `models--Org--Name/snapshots/<revision>/`. The newest snapshot holding the file wins.
 */
export function findTokenizer(search: TokenizerSearch): TokenizerLocation {
  const searched: string[] = [];
  const tryDir = (dir: string): boolean => {
    searched.push(dir);
    return hasTokenizer(dir);
  };
  if (search.explicit) {
    const path = search.explicit.endsWith('tokenizer.json') ? resolve(search.explicit, '..') : resolve(search.explicit);
    if (tryDir(path)) return { found: true, dir: path, source: 'setting' };
    return { found: false, searched };
  }
  const model = search.model?.trim();
  if (!model) return { found: false, searched };
  const localCandidates = isAbsolute(model) ? [model] : search.baseDirs.map((base) => join(base, model));
  if (model.startsWith('~/')) localCandidates.unshift(join(homedir(), model.slice(2)));
  for (const dir of localCandidates) if (tryDir(dir)) return { found: true, dir, source: 'model-path' };
  // A hub id is `name` or `org/name`; anything else (an absolute path, `./x`) was a local path only.
  if (/^[\w.-]+(\/[\w.-]+)?$/.test(model)) {
    for (const hub of hubCaches(search.env)) {
      const snapshots = join(hub, `models--${model.replace('/', '--')}`, 'snapshots');
      searched.push(snapshots);
      const dir = newestSnapshot(snapshots);
      if (dir) return { found: true, dir, source: 'hf-cache' };
    }
  }
  return { found: false, searched };
}

function hubCaches(env: TokenizerSearch['env']): string[] {
  const out: string[] = [];
  if (env.HF_HUB_CACHE) out.push(env.HF_HUB_CACHE);
  if (env.HUGGINGFACE_HUB_CACHE) out.push(env.HUGGINGFACE_HUB_CACHE);
  if (env.HF_HOME) out.push(join(env.HF_HOME, 'hub'));
  const xdg = env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, 'huggingface', 'hub') : join(env.HOME || homedir(), '.cache', 'huggingface', 'hub');
  out.push(xdg);
  return [...new Set(out)];
}

function newestSnapshot(snapshots: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(snapshots);
  } catch {
    return undefined;
  }
  const dirs = names.map((name) => join(snapshots, name)).filter(hasTokenizer);
  dirs.sort((a, b) => mtime(b) - mtime(a));
  return dirs[0];
}

function hasTokenizer(dir: string): boolean {
  return existsSync(join(dir, 'tokenizer.json'));
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
