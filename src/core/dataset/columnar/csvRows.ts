import { createReadStream } from 'node:fs';
import { Parser } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import { msg } from '../../../shared/messageTemplate';
import type { ColumnarRow, ColumnarSchema, ColumnarSource, ReadProblem } from './columnarSchema';
import { ColumnarReadError, reason } from './columnarSchema';

type Item = { fields: string[] } | { error: CsvError | undefined };

/**
 * CSV and TSV through csv-parse, streamed: the first record is the header (column names);
 * each later record becomes `{column: text}`. Cells stay text, as written (an empty cell is
 * ""). A ragged row (more or fewer fields than the header) is still read, by position, and
 * reported; a row the parser cannot read (a quote in the middle of an unquoted field, a
 * quoted field never closed) is reported and skipped, and reading goes on.
 */
export async function openCsv(path: string, delimiter: ',' | '\t'): Promise<ColumnarSource> {
  const queue: Item[] = [];
  let skippedLine: number | undefined;
  const parser = new Parser({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    // Records are taken from the queue in order, interleaved with the skipped ones: nothing is pushed downstream.
    on_record: (fields: string[]) => {
      skippedLine = undefined;
      queue.push({ fields });
      return undefined;
    },
    on_skip: (error: CsvError | undefined) => {
      // One bad line can raise several errors (a stray quote, then another, then "quote not closed"):
      // it is one row, so only its first error counts, or every later row would be numbered too high.
      const line = (error as { lines?: number } | undefined)?.lines;
      if (line !== undefined && line === skippedLine) return undefined;
      skippedLine = line;
      queue.push({ error });
      return undefined;
    },
  });
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  let failure: Error | undefined;
  parser.on('error', (error) => (failure = error));
  parser.resume(); // nothing is pushed, but let the readable side finish

  /** Feeds chunks until a record (or skip) is queued or the input ends. */
  const fill = async () => {
    while (queue.length === 0 && !ended) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        await new Promise<void>((resolve) => parser.end(resolve));
      } else parser.write(next.value);
      if (failure) throw failure;
    }
  };
  await fill().catch((error: unknown) => {
    input.destroy();
    throw new ColumnarReadError(msg('CSV could not be read: {0}.'), [reason(error)]);
  });
  const first = queue.shift();
  if (!first || !('fields' in first)) {
    input.destroy();
    throw new ColumnarReadError(first ? msg('CSV header could not be read: {0}.') : msg('The file is empty.'), first ? [reason(first.error)] : []);
  }
  const header = uniqueNames(first.fields);
  const schema: ColumnarSchema = {
    format: delimiter === ',' ? 'csv' : 'tsv',
    columns: header.map((name) => ({ name, type: 'string', nullable: false })),
    compression: [],
  };
  return {
    schema,
    async *rows(onProblem: (problem: ReadProblem) => void, signal?: AbortSignal): AsyncGenerator<ColumnarRow> {
      let row = 0;
      for (;;) {
        signal?.throwIfAborted();
        try {
          await fill();
        } catch (error) {
          onProblem({ kind: 'rows', row: row + 1, message: msg('Rows from {0} on could not be read: {1}.'), args: [row + 1, reason(error)] });
          break;
        }
        const item = queue.shift();
        if (!item) break;
        row++;
        if ('error' in item) {
          onProblem({ kind: 'row', row, message: msg('Row could not be read as {0}: {1}.'), args: [schema.format.toUpperCase(), reason(item.error)] });
          continue;
        }
        const { fields } = item;
        if (fields.length !== header.length)
          onProblem({ kind: 'row', row, message: msg('Row has {0} fields where the header has {1}.'), args: [fields.length, header.length] });
        const record: Record<string, unknown> = {};
        for (let i = 0; i < header.length && i < fields.length; i++) record[header[i]] = fields[i];
        yield { row, record };
      }
      schema.rows = row;
    },
    close: () => {
      input.destroy();
      return Promise.resolve();
    },
  };
}

/** Header names as keys: an empty or repeated name gets a position suffix, as pandas does (`a`, `a.1`). */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw.trim() === '' ? `column_${i + 1}` : raw;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}.${n}`;
  });
}
