import { rename, rm } from 'node:fs/promises';
import { cleanOutputTarget } from '../clean/cleanDataset';
import type { CleanOptions } from '../clean/cleanDataset';
import type { ParquetCopyResult } from './parquetWrite';
import { writeParquetWithout } from './parquetWrite';

/**
 * The cleaned Parquet copy, committed the way every clean output is: written to a temporary
 * file beside `outputPath`, checked (`beforeCommit`: the input did not change meanwhile) and
 * renamed into place, so an interruption never leaves half a file. The same output checks
 * (no symbolic link, device, directory or the input itself; an existing file only with overwrite).
 */
export async function writeParquetCopy(
  inputPath: string,
  outputPath: string,
  dropRows: ReadonlySet<number>,
  options: Pick<CleanOptions, 'overwrite' | 'signal' | 'beforeCommit'> = {},
): Promise<ParquetCopyResult & { output: string }> {
  const { output, temporary } = await cleanOutputTarget(inputPath, outputPath, options.overwrite === true);
  try {
    const result = await writeParquetWithout(inputPath, temporary, dropRows, options.signal);
    await options.beforeCommit?.();
    await rename(temporary, output);
    return { ...result, output };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
