import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { msg } from '../../../shared/messageTemplate';
import type { ColumnarSchema, ReadProblem } from './columnarSchema';
import { ColumnarReadError, reason } from './columnarSchema';
import { openColumnar } from './openColumnar';
import { RowMap } from './rowMap';

const FLUSH_CHARS = 1 << 20;

/**
 * A columnar file as JSON Lines in a temporary file: one row a line (`JSON.stringify` of its
 * plain record), in order. This is the seam into the dataset engine, which reads JSON Lines
 * unchanged; `rows` maps the engine's record numbers back to the file's rows. The input is
 * only ever opened for reading. Call `dispose()` to delete the temporary file.
 */
export interface JsonLinesView {
  /** The temporary JSON Lines file (absent when the input could not be opened at all). */
  jsonlPath?: string;
  /** Absent when the input could not be opened. */
  schema?: ColumnarSchema;
  problems: ReadProblem[];
  rows: RowMap;
  dispose(): Promise<void>;
}

export async function jsonLinesView(path: string, signal?: AbortSignal): Promise<JsonLinesView> {
  const problems: ReadProblem[] = [];
  const rows = new RowMap();
  let source;
  try {
    source = await openColumnar(path);
  } catch (error) {
    problems.push(
      error instanceof ColumnarReadError
        ? { kind: 'file', message: error.template, args: error.args }
        : { kind: 'file', message: msg('The file could not be read: {0}.'), args: [reason(error)] },
    );
    return { problems, rows, dispose: () => Promise.resolve() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'tunelab-columnar-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const jsonlPath = join(dir, `${basename(path)}.jsonl`);
  try {
    const out = await open(jsonlPath, 'w');
    try {
      let pending = '';
      // A row read with a problem (a ragged CSV row) is still a record: note which, so clean can drop it.
      let awaiting: ReadProblem[] = [];
      const onProblem = (p: ReadProblem) => {
        problems.push(p);
        if (p.kind === 'row') awaiting.push(p);
      };
      for await (const { row, record } of source.rows(onProblem, signal)) {
        pending += `${JSON.stringify(record)}\n`;
        rows.add(row);
        if (awaiting.length) {
          for (const p of awaiting) if (p.row === row) p.record = rows.count;
          awaiting = [];
        }
        if (pending.length >= FLUSH_CHARS) {
          await out.write(pending);
          pending = '';
        }
      }
      if (pending) await out.write(pending);
    } finally {
      await out.close();
    }
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    await source.close();
  }
  return { jsonlPath, schema: source.schema, problems, rows, dispose };
}
