import { randomBytes } from 'node:crypto';
import { lstat, open, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Finding, FindingCode } from '../../../shared/findings';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { Container } from '../reading/recordScanner';

/**
 * Writing a cleaned copy of a dataset: the records that have none of the chosen findings,
 * byte for byte as they were (JSON Lines stay lines; array elements keep their layout).
 * Duplicate findings sit on the later copies, so dropping them keeps the first. The output
 * is written to a temporary file beside it and renamed into place, so a crash never leaves
 * half a file, and the input is never the output.
 */
export { DEFAULT_DROP_CODES } from '../../../shared/dropCodes';

/** 0-based indices of the records to drop for `codes`, and how many records each code alone drops. */
export function recordsToDrop(
  findings: Iterable<Pick<Finding, 'record' | 'code'>>,
  codes: ReadonlySet<FindingCode>,
): { drop: Set<number>; byCode: Map<FindingCode, number> } {
  const drop = new Set<number>();
  const perCode = new Map<FindingCode, Set<number>>();
  for (const f of findings) {
    if (f.record <= 0 || !codes.has(f.code)) continue;
    drop.add(f.record - 1);
    let set = perCode.get(f.code);
    if (!set) perCode.set(f.code, (set = new Set()));
    set.add(f.record - 1);
  }
  return { drop, byCode: new Map([...perCode].map(([code, set]) => [code, set.size])) };
}

/** A clean that would drop more than `maxShare` of the records: the figure and the codes that drop most. */
export interface DestructiveDrop {
  dropped: number;
  records: number;
  share: number;
  maxShare: number;
  /** Codes with the records each drops, most first (at most three). */
  topCodes: Array<[FindingCode, number]>;
}

/**
 * Whether dropping `dropped` of `records` records is more than the user should get without
 * being asked: a format the checker misread can flag every record, and a "successful" clean
 * that writes an empty file destroys the work silently.
 */
export function destructiveDrop(records: number, dropped: number, byCode: ReadonlyMap<FindingCode, number>, maxShare: number): DestructiveDrop | undefined {
  if (records === 0 || dropped / records <= maxShare) return undefined;
  const topCodes = [...byCode].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { dropped, records, share: dropped / records, maxShare, topCodes };
}

export class CleanRefusedError extends Error {}

export interface CleanResult {
  kept: number;
  dropped: number;
  container: Container | 'empty';
  output: string;
}

export interface CleanOptions {
  /** Replace an existing regular file. */
  overwrite?: boolean;
  /** Read only the first `limitBytes` bytes: the ones that were analysed (a file that grows meanwhile keeps its new tail out). */
  limitBytes?: number;
  signal?: AbortSignal;
  /** Called after the copy is written and before it replaces the output; throwing keeps the output as it was. */
  beforeCommit?: () => Promise<void>;
}

/**
 * Where a cleaned copy may go: `outputPath` resolved and a temporary name beside it (renamed into
 * place at the end). Refuses a symbolic link, a directory, a device, the input itself, and an
 * existing file unless `overwrite`. Shared by every output format (JSON Lines, Parquet).
 */
export async function cleanOutputTarget(inputPath: string, outputPath: string, overwrite: boolean): Promise<{ output: string; temporary: string }> {
  const input = await realpath(inputPath);
  const output = resolve(outputPath);
  const existing = await lstat(output).catch(() => undefined);
  if (existing) {
    if (existing.isSymbolicLink()) throw new CleanRefusedError(`${outputPath} is a symbolic link: name a regular file (or - for standard output)`);
    if (existing.isDirectory()) throw new CleanRefusedError(`${outputPath} is a directory`);
    if (!existing.isFile())
      throw new CleanRefusedError(`${outputPath} is not a regular file (a device, FIFO or socket): name a regular file, or - for standard output`);
    if ((await realpath(output)) === input) throw new CleanRefusedError(`refusing to overwrite the input ${inputPath}: choose another output file`);
    if (!overwrite) throw new CleanRefusedError(`${outputPath} exists: pass --force to replace it`);
  }
  return { output, temporary: join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`) };
}

/**
 * Writes the cleaned copy to `outputPath` through a temporary file beside it, renamed into place
 * at the end: a crash or an interruption never leaves half a file, and the temporary file is
 * removed on any failure. The output must be a regular file (or not exist): a symbolic link,
 * device, FIFO, socket or directory is refused, so `-o /dev/null --force` cannot replace a device.
 */
export async function writeCleanedDataset(
  source: ByteSource,
  inputPath: string,
  outputPath: string,
  drop: ReadonlySet<number>,
  options: CleanOptions = {},
): Promise<CleanResult> {
  const { output, temporary } = await cleanOutputTarget(inputPath, outputPath, options.overwrite === true);
  const handle = await open(temporary, 'wx');
  try {
    const result = await streamCleanedDataset(source, drop, (bytes) => handle.write(bytes).then(() => undefined), options);
    await handle.sync();
    await handle.close();
    await options.beforeCommit?.();
    await rename(temporary, output);
    return { ...result, output };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The records without those in `drop`, byte for byte, to `write` (a file, or standard output).
 * JSON Lines stay lines. A JSON array keeps its layout: an element that began its own line is
 * written on its own line with its indentation, one that followed another on the same line
 * (a minified array) follows with just a comma. So the output is never larger than the input
 * plus a few bytes, and memory stays at one megabyte of pending output.
 */
export async function streamCleanedDataset(
  source: ByteSource,
  drop: ReadonlySet<number>,
  write: (bytes: Uint8Array) => Promise<void>,
  options: Pick<CleanOptions, 'limitBytes' | 'signal'> = {},
): Promise<Omit<CleanResult, 'output'>> {
  let kept = 0;
  let index = 0;
  let previousLine = -1;
  let lastOnOwnLine = false;
  let container: Container | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const encoder = new TextEncoder();
  const flush = async () => {
    for (const piece of pending) await write(piece);
    pending = [];
    pendingBytes = 0;
  };
  const emit = (bytes: Uint8Array) => {
    pending.push(bytes);
    pendingBytes += bytes.length;
  };
  const scanner = new RecordScanner({
    container: (c) => {
      container = c;
      if (c === 'array') emit(encoder.encode('['));
    },
    record: (r, bytes) => {
      const i = index++;
      // The first element shares the bracket's line when it starts on the file's first line.
      const ownLine = i === 0 ? r.line > 0 : r.line !== previousLine;
      previousLine = r.line;
      if (drop.has(i)) return;
      if (container === 'array') {
        const separator = kept === 0 ? '' : ',';
        emit(encoder.encode(ownLine ? `${separator}\n${' '.repeat(r.column)}` : separator));
        lastOnOwnLine = ownLine;
      }
      emit(bytes.slice());
      if (container === 'lines') emit(encoder.encode('\n'));
      kept++;
    },
  });
  let read = 0;
  const limit = options.limitBytes ?? Number.POSITIVE_INFINITY;
  for await (const chunk of source.chunks(options.signal)) {
    options.signal?.throwIfAborted();
    const piece = read + chunk.length > limit ? chunk.subarray(0, Math.max(0, limit - read)) : chunk;
    read += piece.length;
    scanner.push(piece);
    if (pendingBytes > 1 << 20) await flush();
    if (read >= limit) break;
  }
  scanner.finish();
  if (container === 'array') emit(encoder.encode(kept && lastOnOwnLine ? '\n]\n' : ']\n'));
  await flush();
  return { kept, dropped: index - kept, container: container ?? 'empty' };
}
