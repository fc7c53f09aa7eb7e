import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Finding, FindingCode } from '../findings';
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
export const DEFAULT_DROP_CODES: readonly FindingCode[] = [
  'malformed-json',
  'invalid-encoding',
  'invalid-record',
  'role-order',
  'empty-turn',
  'mixed-formats',
  'exact-duplicate',
  'near-duplicate',
];

/** 0-based indices of the records to drop for `codes`, and how many records each code alone drops. */
export function recordsToDrop(findings: readonly Finding[], codes: ReadonlySet<FindingCode>): { drop: Set<number>; byCode: Map<FindingCode, number> } {
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

export async function writeCleanedDataset(
  source: ByteSource,
  inputPath: string,
  outputPath: string,
  drop: ReadonlySet<number>,
  options: { overwrite?: boolean } = {},
): Promise<CleanResult> {
  const input = await realpath(inputPath);
  const output = resolve(outputPath);
  const existing = await realpath(output).catch(() => undefined);
  if (existing === input) throw new CleanRefusedError(`refusing to overwrite the input ${inputPath}: choose another output file`);
  if (existing && !options.overwrite) throw new CleanRefusedError(`${outputPath} exists: pass --force to replace it`);
  if (existing && (await stat(existing)).isDirectory()) throw new CleanRefusedError(`${outputPath} is a directory`);

  const temporary = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  let kept = 0;
  let index = 0;
  let container: Container | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const encoder = new TextEncoder();
  const flush = async () => {
    for (const piece of pending) await handle.write(piece);
    pending = [];
    pendingBytes = 0;
  };
  const emit = (bytes: Uint8Array) => {
    pending.push(bytes);
    pendingBytes += bytes.length;
  };
  try {
    const scanner = new RecordScanner({
      container: (c) => {
        container = c;
        if (c === 'array') emit(encoder.encode('['));
      },
      record: (r, bytes) => {
        const i = index++;
        if (drop.has(i)) return;
        if (container === 'array') emit(encoder.encode(`${kept === 0 ? '\n' : ',\n'}${' '.repeat(r.column)}`));
        emit(bytes.slice());
        if (container === 'lines') emit(encoder.encode('\n'));
        kept++;
      },
    });
    for await (const chunk of source.chunks()) {
      scanner.push(chunk);
      if (pendingBytes > 1 << 20) await flush();
    }
    scanner.finish();
    if (container === 'array') emit(encoder.encode(kept ? '\n]\n' : ']\n'));
    await flush();
    await handle.sync();
    await handle.close();
    await rename(temporary, output);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return { kept, dropped: index - kept, container: container ?? 'empty', output };
}
