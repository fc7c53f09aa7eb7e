import { writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Field, List, Struct, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { CompressionCodec } from 'hyparquet';

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

/**
 * Datasets the columnar tests write themselves: the same records as JSON Lines, Parquet (every
 * codec), Arrow (file and stream) and CSV/TSV, so each format can be held to the findings the
 * JSON Lines file gets.
 */
const good = (i: number) => ({
  instruction: `Explain topic number ${i} in one sentence.`,
  input: '',
  output: `Topic ${i} is explained here in one complete and useful sentence.`,
});

/** Alpaca rows with planted findings: a too-short answer (row 3), an exact duplicate of row 1 (row 5). */
export function alpacaRows(): Array<{ instruction: string; input: string; output: string }> {
  const rows = Array.from({ length: 12 }, (_, i) => good(i + 1));
  rows[2] = { instruction: 'Say hi.', input: '', output: 'Hi.' };
  rows[4] = { ...rows[0] };
  rows[6] = { instruction: 'Who do I write to?', input: '', output: 'Write to jane.doe@example.com for the details you need.' };
  return rows;
}

type Message = { role: string; content: string };

/** Chat rows (`messages: list<struct<role, content>>`): an empty assistant turn (row 2), two user turns in a row (row 4), a duplicate of row 1 (row 6). */
export function chatRows(): Array<{ messages: Message[] }> {
  const chat = (q: string, a: string): Message[] => [
    { role: 'user', content: q },
    { role: 'assistant', content: a },
  ];
  const rows = Array.from({ length: 8 }, (_, i) => ({
    messages: chat(`What is the capital of country ${i + 1}?`, `The capital of country ${i + 1} is a city with a long history.`),
  }));
  rows[1] = { messages: chat('Tell me a fact.', '') };
  rows[3] = {
    messages: [
      { role: 'user', content: 'First question here?' },
      { role: 'user', content: 'Second question here?' },
      { role: 'assistant', content: 'An answer to both questions at once.' },
    ],
  };
  rows[5] = { messages: rows[0].messages.map((m) => ({ ...m })) };
  return rows;
}

export function writeJsonl(path: string, rows: unknown[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** zstd with raw (stored) blocks: a valid frame the reader must unwrap; Node 20 has no zstd compressor. */
export function zstdStored(input: Uint8Array): Uint8Array {
  const parts: number[] = [
    0x28,
    0xb5,
    0x2f,
    0xfd,
    0xa0,
    input.length & 0xff,
    (input.length >> 8) & 0xff,
    (input.length >> 16) & 0xff,
    (input.length >>> 24) & 0xff,
  ];
  const MAX = 1 << 17;
  let offset = 0;
  do {
    const size = Math.min(MAX, input.length - offset);
    const last = offset + size >= input.length ? 1 : 0;
    const header = last | (0 << 1) | (size << 3);
    parts.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff);
    for (let i = 0; i < size; i++) parts.push(input[offset + i]);
    offset += size;
  } while (offset < input.length);
  return Uint8Array.from(parts);
}

/** An LZ4 block of literals only (valid, uncompressed). */
export function lz4Literals(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  const n = input.length;
  out.push(Math.min(n, 15) << 4);
  if (n >= 15) {
    let rest = n - 15;
    while (rest >= 255) {
      out.push(255);
      rest -= 255;
    }
    out.push(rest);
  }
  for (const b of input) out.push(b);
  return Uint8Array.from(out);
}

/** Hadoop-framed LZ4 (the legacy `LZ4` codec): big-endian sizes, then the block. */
export function lz4Hadoop(input: Uint8Array): Uint8Array {
  const block = lz4Literals(input);
  const out = new Uint8Array(8 + block.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, input.length);
  view.setUint32(4, block.length);
  out.set(block, 8);
  return out;
}

export const COMPRESSORS = {
  GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
  ZSTD: zstdStored,
  LZ4_RAW: lz4Literals,
  LZ4: lz4Hadoop,
};

export const CODECS: CompressionCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4_RAW', 'LZ4'];

const string = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

export function alpacaParquet(rows: ReturnType<typeof alpacaRows>, codec: CompressionCodec = 'SNAPPY', rowGroupSize = 5): Uint8Array {
  const names = ['instruction', 'input', 'output'] as const;
  const buffer = parquetWriteBuffer({
    schema: [{ name: 'root', num_children: 3 }, ...names.map(string)],
    columnData: names.map((name) => ({ name, data: rows.map((r) => r[name]) })),
    codec,
    compressors: COMPRESSORS,
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

/** A three-level Parquet LIST of STRUCT, as pyarrow and the Hugging Face Hub write chat columns. */
export function chatParquet(rows: ReturnType<typeof chatRows>, codec: CompressionCodec = 'SNAPPY', rowGroupSize = 3): Uint8Array {
  const buffer = parquetWriteBuffer({
    schema: [
      { name: 'root', num_children: 1 },
      { name: 'messages', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
      string('role'),
      string('content'),
    ],
    columnData: [{ name: 'messages', data: rows.map((r) => r.messages) }],
    codec,
    compressors: COMPRESSORS,
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

const MESSAGE = new Struct([new Field('role', new Utf8(), true), new Field('content', new Utf8(), true)]);

export function chatArrow(rows: ReturnType<typeof chatRows>, format: 'file' | 'stream', batchSize = 3): Uint8Array {
  const batches = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const slice = rows.slice(i, i + batchSize);
    batches.push(
      ...new Table({
        messages: vectorFromArray(
          slice.map((r) => r.messages),
          new List(new Field('item', MESSAGE, true)),
        ),
      }).batches,
    );
  }
  return tableToIPC(new Table(batches), format);
}

export function alpacaArrow(rows: ReturnType<typeof alpacaRows>, format: 'file' | 'stream'): Uint8Array {
  const column = (name: 'instruction' | 'input' | 'output') =>
    vectorFromArray(
      rows.map((r) => r[name]),
      new Utf8(),
    );
  return tableToIPC(new Table({ instruction: column('instruction'), input: column('input'), output: column('output') }), format);
}

/** CSV (or TSV) with a header, quoting every field that needs it. */
export function toCsv(rows: Array<Record<string, string>>, delimiter = ','): string {
  const names = Object.keys(rows[0]);
  const cell = (v: string) => (/[",\t\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [names.join(delimiter), ...rows.map((r) => names.map((n) => cell(r[n])).join(delimiter))].join('\n') + '\n';
}
