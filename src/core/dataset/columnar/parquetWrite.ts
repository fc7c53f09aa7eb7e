import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import type { CompressionCodec, FileMetaData } from 'hyparquet';
import { compressors as decompressors } from 'hyparquet-compressors';
import { parquetWriteRows } from 'hyparquet-writer';
import { fileByteRange } from './byteRange';
import type { FileByteRange } from './byteRange';

type WriteOptions = Parameters<typeof parquetWriteRows>[0];

/** The Node entry's buffered file writer (the package's types describe only its browser entry). */
function fileWriter(path: string): WriteOptions['writer'] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('hyparquet-writer') as { fileWriter: (path: string) => WriteOptions['writer'] }).fileWriter(path);
}

/** Codecs the writer can produce: snappy and none are built in, gzip and brotli come from node:zlib. Node 20 has no zstd or lz4 compressor. */
const WRITABLE: ReadonlySet<CompressionCodec> = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI']);
const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
};

export interface ParquetCopyResult {
  kept: number;
  codec: CompressionCodec;
}

/**
 * A Parquet copy of `inputPath` without the rows in `dropRows` (1-based), written to `outputPath`
 * (the caller's temporary file) with hyparquet-writer. The rows are re-read from the input as
 * hyparquet decodes them (BigInts, dates, bytes: not the JSON view, which turns binary cells
 * into placeholders), one row group at a time, and written with the input's own schema (its
 * column names, types, nesting and nullability), key-value metadata (pandas, Hugging Face
 * features) and codec when the writer has it (else snappy). Row-group size follows the input's
 * largest group.
 */
export async function writeParquetWithout(
  inputPath: string,
  outputPath: string,
  dropRows: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<ParquetCopyResult> {
  const file = await fileByteRange(inputPath);
  try {
    const metadata = await parquetMetadataAsync(file);
    const used = metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)).find((c) => c !== undefined) ?? 'SNAPPY';
    const codec: CompressionCodec = WRITABLE.has(used) ? used : 'SNAPPY';
    const largest = Math.max(1, ...metadata.row_groups.map((g) => Number(g.num_rows)));
    let kept = 0;
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      let start = 0;
      for (const group of metadata.row_groups) {
        signal?.throwIfAborted();
        const count = Number(group.num_rows);
        const data = await readRaw(file, metadata, start, start + count);
        for (let i = 0; i < data.length; i++) {
          if (dropRows.has(start + i + 1)) continue;
          kept++;
          yield data[i];
        }
        start += count;
      }
    }
    await parquetWriteRows({
      writer: fileWriter(outputPath),
      rows: rows(),
      columns: metadata.schema[0] ? topLevelNames(metadata) : [],
      // The reader's schema elements, handed to the writer as they are (two copies of hyparquet's types).
      schema: metadata.schema as WriteOptions['schema'],
      codec,
      compressors: COMPRESSORS,
      rowGroupSize: Math.min(largest, 1_000_000),
      kvMetadata: metadata.key_value_metadata,
      createdBy: 'tunelab clean (hyparquet-writer)',
    });
    return { kept, codec };
  } finally {
    await file.close();
  }
}

/** The root's children are the columns; nested fields follow their parent in the flattened schema. */
function topLevelNames(metadata: FileMetaData): Array<{ name: string }> {
  const names: Array<{ name: string }> = [];
  let i = 1;
  const skip = (): void => {
    const children = metadata.schema[i].num_children ?? 0;
    i++;
    for (let c = 0; c < children; c++) skip();
  };
  while (i < metadata.schema.length) {
    names.push({ name: metadata.schema[i].name });
    skip();
  }
  return names;
}

function readRaw(file: FileByteRange, metadata: FileMetaData, rowStart: number, rowEnd: number): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    let rows: Array<Record<string, unknown>> | undefined;
    parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd,
      rowFormat: 'object',
      compressors: decompressors,
      utf8: false,
      onComplete: (data) => {
        rows = data as Array<Record<string, unknown>>;
      },
    }).then(() => (rows ? resolve(rows) : reject(new Error('no rows decoded'))), reject);
  });
}
