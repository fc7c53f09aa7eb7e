import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { DataType, RecordBatchReader } from 'apache-arrow';
import type { Field, RecordBatch, Schema } from 'apache-arrow';
import { msg } from '../../../shared/messageTemplate';
import type { ColumnarFormat, ColumnarRow, DetectedFormat, ColumnarSchema, ColumnarSource, ReadProblem } from './columnarSchema';
import { ColumnarReadError, reason } from './columnarSchema';
import { binaryPlaceholder, toPlain } from './plainValue';

/**
 * Arrow IPC through apache-arrow, file format (random access, footer) and stream format: the
 * one Hugging Face `datasets` writes (`save_to_disk` → `data-00000-of-00001.arrow`, from
 * `pa.RecordBatchStreamWriter`). Rows are read one record batch at a time.
 */
export async function openArrow(path: string, format: Extract<DetectedFormat, 'arrow-file' | 'arrow-stream' | 'arrow-file-cut'>): Promise<ColumnarSource> {
  const handle = await open(path, 'r');
  let reader: RecordBatchReader;
  try {
    // A file whose footer was cut off still holds its schema and batches as a stream after the 8-byte magic.
    reader =
      format === 'arrow-file-cut'
        ? await RecordBatchReader.from(createReadStream('', { fd: handle, start: 8, autoClose: false }) as NodeJS.ReadableStream)
        : await RecordBatchReader.from(handle);
    await reader.open();
  } catch (error) {
    await handle.close();
    // apache-arrow's own file writer puts the schema only in the footer: such a file, cut, has nothing left to read.
    if (format === 'arrow-file-cut')
      throw new ColumnarReadError(msg('Arrow file cut short: its footer is missing, and nothing before the cut can be read without it.'), []);
    throw new ColumnarReadError(msg('Arrow schema could not be read: {0}.'), [reason(error)]);
  }
  if (!reader.schema) {
    await handle.close();
    throw new ColumnarReadError(msg('Arrow schema could not be read: {0}.'), ['no schema message']);
  }
  return arrowSource(handle, reader, format === 'arrow-file-cut' ? 'arrow-file' : format, format === 'arrow-file-cut');
}

function arrowSource(handle: FileHandle, reader: RecordBatchReader, format: ColumnarFormat, cut: boolean): ColumnarSource {
  const fields = reader.schema.fields;
  const schema: ColumnarSchema = {
    format,
    columns: fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
    groups: reader.isFile() && !cut ? reader.numRecordBatches : undefined,
    compression: [],
  };
  return {
    schema,
    async *rows(onProblem: (problem: ReadProblem) => void, signal?: AbortSignal): AsyncGenerator<ColumnarRow> {
      let row = 0;
      let batches = 0;
      if (cut) onProblem({ kind: 'file', message: msg('Arrow file cut short: its footer is missing; the record batches before the cut were read.'), args: [] });
      const iterator = reader[Symbol.asyncIterator]();
      for (;;) {
        signal?.throwIfAborted();
        let next: IteratorResult<RecordBatch>;
        try {
          next = await iterator.next();
        } catch (error) {
          // A file cut short: the batches before the cut were read; nothing after it can be.
          onProblem({ kind: 'rows', row: row + 1, message: msg('Rows from {0} on could not be read: {1}.'), args: [row + 1, reason(error)] });
          break;
        }
        if (next.done) break;
        batches++;
        yield* batchRows(next.value, reader.schema, row);
        row += next.value.numRows;
      }
      schema.rows = row;
      schema.groups ??= batches;
    },
    close: async () => {
      await Promise.resolve(reader.cancel()).catch(() => undefined);
      await handle.close().catch(() => undefined);
    },
  };
}

export function* batchRows(batch: RecordBatch, schema: Schema, before: number): Generator<ColumnarRow> {
  const columns = schema.fields.map((field, i) => ({ name: field.name, vector: batch.getChildAt(i), convert: converter(field) }));
  for (let r = 0; r < batch.numRows; r++) {
    const record: Record<string, unknown> = {};
    for (const c of columns) record[c.name] = c.vector ? c.convert(c.vector.get(r)) : null;
    yield { row: before + r + 1, record };
  }
}

type Convert = (value: unknown) => unknown;

/** A cell converter from the field's Arrow type: dates and timestamps (milliseconds) to ISO, lists and structs recursively. */
function converter(field: Field): Convert {
  const type = field.type as DataType;
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    return (v) => {
      if (v === null || v === undefined) return null;
      const date = new Date(Number(v));
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    };
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type) || DataType.isBinaryView(type)) {
    return (v) => (v === null || v === undefined ? null : binaryPlaceholder(v as Uint8Array));
  }
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) {
    const child = converter(type.children[0]);
    return (v) => (v === null || v === undefined ? null : Array.from(v as Iterable<unknown>, child));
  }
  if (DataType.isStruct(type)) {
    const children = type.children.map((f) => ({ name: f.name, convert: converter(f) }));
    return (v) => {
      if (v === null || v === undefined) return null;
      const row = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const c of children) out[c.name] = c.convert(row[c.name]);
      return out;
    };
  }
  // A decimal cell is a big-number object whose toString gives the digits.
  if (DataType.isDecimal(type)) return (v) => (v === null || v === undefined ? null : (v as { toString(): string }).toString());
  return (v) => toPlain(v);
}
