import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** DeepSpeed JSON files are a few hundred bytes; anything far larger is not one. */
const MAX_DEEPSPEED_FILE = 256 * 1024;
/** Folders above the config tried for a relative path: LLaMA-Factory runs from the repository root, configs sit in examples/<group>/. */
const ANCESTORS = 3;

/**
 * The DeepSpeed config a training config names, read from disk, so the ZeRO stage and
 * offloading come from the file rather than its name. A relative path is tried against the
 * config's folder and then the folders above it (LLaMA-Factory's `examples/deepspeed/…` is
 * relative to the repository root the trainer starts in). Undefined when the value is not a
 * path, no candidate exists, or the file is not a JSON object: the name still tells the
 * stage for LLaMA-Factory's and Axolotl's own files (ds_z3_config.json, zero3_bf16.json).
 */
export function readDeepspeedConfig(value: unknown, configPath: string | undefined): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || !/\.json$/i.test(value.trim()) || !configPath || !isAbsolute(configPath)) return undefined;
  const path = value.trim();
  const candidates: string[] = [];
  if (isAbsolute(path)) candidates.push(path);
  else {
    let dir = dirname(configPath);
    for (let i = 0; i <= ANCESTORS; i++) {
      candidates.push(join(dir, path));
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  for (const candidate of candidates) {
    try {
      const stat = statSync(candidate, { throwIfNoEntry: false });
      if (!stat?.isFile() || stat.size > MAX_DEEPSPEED_FILE) continue;
      const parsed: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      // Unreadable or not JSON: the next candidate, or the name alone.
    }
  }
  return undefined;
}

/** Whether an `offload_optimizer` / `offload_param` block moves the state off the GPU (`device: none` keeps it). */
export function offloads(block: unknown): boolean {
  if (!block || typeof block !== 'object') return false;
  const device = (block as { device?: unknown }).device;
  return device === undefined || (typeof device === 'string' && device !== 'none');
}
