import { open, readFile, stat } from 'node:fs/promises';
import { minimatch } from 'minimatch';
import type { ConfigCheck } from '../core/config/checkConfig';
import type { ClusterShape } from '../core/config/facts/clusterShape';
import { checkConfig, configTooLarge, MAX_CONFIG_SIZE } from '../core/config/checkConfig';
import { kindFromGlobMap } from '../core/config/kinds/kindOverride';
import { looksLikeDataset } from '../core/dataset/detectDataset';
import type { Settings } from '../core/settings/settings';

/** Configs are small: a JSON file bigger than this is treated as a dataset without parsing it whole. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

/**
 * Checks a YAML or JSON file as a training config. A result without a kind is a file recognised
 * as something else (accelerate, DeepSpeed…), which is skipped. Returns undefined for a JSON file
 * that is a dataset (or unrecognised), which the dataset engine then checks instead.
 */
export async function checkConfigFile(path: string, settings: Settings, relativePath: string, cluster?: ClusterShape): Promise<ConfigCheck | undefined> {
  const yaml = /\.ya?ml$/i.test(path);
  // A YAML past the limit is not read at all: one finding says so (a 50 MB file would cost seconds and gigabytes).
  if (yaml) {
    const size = (await stat(path)).size;
    if (size > MAX_CONFIG_SIZE) return configTooLarge(size, 'yaml', settings);
  }
  if (!yaml) {
    if ((await stat(path)).size > MAX_CONFIG_BYTES) return undefined;
    const head = await readHead(path, 64 * 1024);
    if (looksLikeDataset(head) || !/^\s*(\/\/[^\n]*\n\s*)*\{/.test(head.replace(/^\uFEFF/, ''))) return undefined;
  }
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const kindOverride = kindFromGlobMap(settings['config.kinds'], relativePath.replace(/\\/g, '/'), (glob, p) =>
    minimatch(p, glob, { dot: true, matchBase: !glob.includes('/') }),
  );
  // readFiles: the DeepSpeed JSON the config names tells its ZeRO stage.
  const check = checkConfig(text, yaml ? 'yaml' : 'json', { settings, fileName: path, kindOverride, cluster, readFiles: true });
  // A JSON object that is neither a config we check nor one we recognise (DeepSpeed…) goes to the dataset engine, which says what it is.
  if (!yaml && !check.kind && check.other === 'unknown') return undefined;
  return check;
}

async function readHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
