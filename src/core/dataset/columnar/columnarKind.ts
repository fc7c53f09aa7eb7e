import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { msg } from '../../../shared/messageTemplate';
import type { DetectedFormat } from './columnarSchema';
import { ColumnarReadError } from './columnarSchema';

const EXTENSIONS: Record<string, 'parquet' | 'arrow' | 'csv' | 'tsv'> = {
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.csv': 'csv',
  '.tsv': 'tsv',
};

/** File names the columnar readers take (`.parquet`, `.arrow`, `.feather`, `.csv`, `.tsv`). */
export const COLUMNAR_FILE = /\.(parquet|arrow|feather|csv|tsv)$/i;

export function isColumnarPath(path: string): boolean {
  return COLUMNAR_FILE.test(path);
}

const ARROW_MAGIC = 'ARROW1';
const CONTINUATION = 0xffffffff;

/**
 * The format the file really holds, from its extension and first and last bytes. A file that
 * is not what its name says is refused with a reason (a JSON file named .parquet, an HTML
 * error page saved as .arrow), never fed to a reader that would misread it.
 */
export async function detectColumnarFormat(path: string): Promise<DetectedFormat> {
  const declared = EXTENSIONS[extname(path).toLowerCase()];
  if (!declared) throw new ColumnarReadError(msg('Not a Parquet, Arrow, CSV or TSV file name.'), []);
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw new ColumnarReadError(msg('The file is empty.'), []);
    const head = new Uint8Array(Math.min(size, 8192));
    await handle.read(head, 0, head.length, 0);
    const tail = new Uint8Array(Math.min(size, 6));
    await handle.read(tail, 0, tail.length, Math.max(0, size - tail.length));
    if (declared === 'parquet') {
      if (ascii(head, 0, 4) !== 'PAR1')
        throw new ColumnarReadError(msg('Not a Parquet file: it does not start with PAR1 (it looks like {0}).'), [looksLike(head)]);
      if (size < 12 || ascii(tail, tail.length - 4, tail.length) !== 'PAR1')
        throw new ColumnarReadError(msg('Parquet file cut short: its footer (which lists the row groups) is missing.'), []);
      return 'parquet';
    }
    if (declared === 'arrow') {
      // A file format's footer ends with the magic again; without it the batches are still there, as a stream.
      if (ascii(head, 0, 6) === ARROW_MAGIC) return size > 8 && ascii(tail, 0, 6) === ARROW_MAGIC ? 'arrow-file' : 'arrow-file-cut';
      // The stream format starts with a message: a continuation marker (or, before Arrow 0.15, the length itself).
      if (head.length >= 8 && new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0, true) === CONTINUATION) return 'arrow-stream';
      throw new ColumnarReadError(msg('Not an Arrow IPC file or stream (it looks like {0}).'), [looksLike(head)]);
    }
    if (head.includes(0)) throw new ColumnarReadError(msg('Not a text file: it holds NUL bytes (it looks like {0}).'), [looksLike(head)]);
    return declared;
  } finally {
    await handle.close();
  }
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** What the bytes look like instead, as a name that reads the same in any language (JSON, HTML, gzip…). */
function looksLike(head: Uint8Array): string {
  if (ascii(head, 0, 4) === 'PAR1') return 'Parquet';
  if (ascii(head, 0, 6) === ARROW_MAGIC) return 'Arrow';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 64)).trimStart();
  if (/^[[{]/.test(text)) return 'JSON';
  if (/^<(!doctype|html)/i.test(text)) return 'HTML';
  return head.subarray(0, 512).includes(0) ? 'binary' : 'text';
}
