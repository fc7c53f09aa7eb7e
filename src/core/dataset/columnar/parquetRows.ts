import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { FileMetaData, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { msg } from '../../../shared/messageTemplate';
import type { FileByteRange } from './byteRange';
import { fileByteRange } from './byteRange';
import type { ColumnSummary, ColumnarRow, ColumnarSchema, ColumnarSource, ReadProblem } from './columnarSchema';
import { ColumnarReadError, reason } from './columnarSchema';
import { toPlain } from './plainValue';

/**
 * Parquet through hyparquet (pure JS) with hyparquet-compressors (snappy, gzip, zstd, brotli,
 * lz4): the footer gives the schema and row count at once; rows are then read one row group
 * at a time, so memory holds one group's decoded rows, never the file.
 */
export async function openParquet(path: string): Promise<ColumnarSource> {
  const { file, metadata } = await openParquetFooter(path);
  return parquetSource(file, metadata);
}

/** The footer opened: the byte-range reader stays open for the row groups (the previewer's pages, the check's rows). */
export async function openParquetFooter(
  path: string,
  onRead?: (start: number, end: number) => void,
): Promise<{ file: FileByteRange; metadata: FileMetaData; schema: ColumnarSchema }> {
  const file = await fileByteRange(path, onRead);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    await file.close();
    throw new ColumnarReadError(msg('Parquet footer could not be read: {0}.'), [reason(error)]);
  }
  return { file, metadata, schema: parquetSchemaOf(metadata) };
}

/** Schema, row count, row groups and codecs: all from the footer, before any row is read. */
export function parquetSchemaOf(metadata: FileMetaData): ColumnarSchema {
  const tree = parquetSchema(metadata);
  const codecs = new Set<string>();
  for (const group of metadata.row_groups)
    for (const column of group.columns) if (column.meta_data && column.meta_data.codec !== 'UNCOMPRESSED') codecs.add(column.meta_data.codec);
  return {
    format: 'parquet',
    columns: tree.children.map(columnSummary),
    rows: Number(metadata.num_rows),
    groups: metadata.row_groups.length,
    compression: [...codecs],
  };
}

function parquetSource(file: FileByteRange, metadata: FileMetaData): ColumnarSource {
  const schema = parquetSchemaOf(metadata);
  return {
    schema,
    async *rows(onProblem: (problem: ReadProblem) => void, signal?: AbortSignal): AsyncGenerator<ColumnarRow> {
      let start = 0;
      for (const group of metadata.row_groups) {
        signal?.throwIfAborted();
        const count = Number(group.num_rows);
        let rows: Array<Record<string, unknown>> | undefined;
        try {
          rows = await readGroup(file, metadata, start, start + count);
        } catch (error) {
          // A corrupt page or an unsupported codec costs its row group; the next group may read.
          onProblem({
            kind: 'rows',
            row: start + 1,
            rows: count,
            message: msg('Rows {0} to {1} could not be read: {2}.'),
            args: [start + 1, start + count, reason(error)],
          });
        }
        if (rows) for (let i = 0; i < rows.length; i++) yield { row: start + i + 1, record: toPlain(rows[i]) as Record<string, unknown> };
        start += count;
      }
    },
    close: () => file.close(),
  };
}

/** Rows [rowStart, rowEnd) (0-based): hyparquet reads only the column chunks of the row groups they fall in. */
export function readGroup(file: FileByteRange, metadata: FileMetaData, rowStart: number, rowEnd: number): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    let rows: Array<Record<string, unknown>> | undefined;
    parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd,
      rowFormat: 'object',
      compressors,
      // Only columns annotated as strings are text; an unannotated BYTE_ARRAY is binary (images, audio).
      utf8: false,
      onComplete: (data) => {
        rows = data as Array<Record<string, unknown>>;
      },
    }).then(() => (rows ? resolve(rows) : reject(new Error('no rows decoded'))), reject);
  });
}

function columnSummary(node: SchemaTree): ColumnSummary {
  return { name: node.element.name, type: describeType(node), nullable: node.element.repetition_type !== 'REQUIRED' };
}

/** `string`, `int64`, `list<struct<role: string, content: string>>`: the column's logical shape. */
function describeType(node: SchemaTree): string {
  const e = node.element;
  const logical = e.logical_type?.type;
  if (node.children.length === 0) {
    if (logical === 'STRING' || e.converted_type === 'UTF8') return 'string';
    if (logical === 'TIMESTAMP') return 'timestamp';
    if (logical === 'DATE' || e.converted_type === 'DATE') return 'date';
    if (logical === 'JSON' || e.converted_type === 'JSON') return 'json';
    return (e.type ?? 'unknown').toLowerCase();
  }
  if (logical === 'LIST' || e.converted_type === 'LIST') {
    const repeated = node.children[0];
    // Three-level lists wrap the element in a repeated group; two-level ones repeat it directly.
    const element =
      repeated.children.length === 1 && repeated.element.name !== 'array' && !repeated.element.name.endsWith('_tuple') ? repeated.children[0] : repeated;
    return `list<${describeType(element)}>`;
  }
  if (logical === 'MAP' || e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE') return 'map';
  return `struct<${node.children.map((c) => `${c.element.name}: ${describeType(c)}`).join(', ')}>`;
}
