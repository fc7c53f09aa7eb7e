import { createHash } from 'node:crypto';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';

/**
 * A record's identity for review: the first 16 hex digits of the SHA-1 of its canonical text.
 * A record that parses is hashed as `JSON.stringify` of its value, so re-indenting a JSON array
 * or re-saving a line with other spacing keeps its decisions, and the low-annotator-score rule,
 * which sees the parsed value, computes the same hash without the record's bytes. A record that
 * does not parse is hashed as its text.
 */
export function hashRecordValue(value: unknown): string {
  return hashText(JSON.stringify(value) ?? 'undefined');
}

export function hashRecordText(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return hashText(text.trim());
  }
  return hashRecordValue(value);
}

function hashText(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** The content hash of every record of a dataset (JSON Lines or a JSON array), in file order, in one streaming pass. */
export async function recordHashes(source: ByteSource, signal?: AbortSignal): Promise<string[]> {
  const hashes: string[] = [];
  const decoder = new TextDecoder();
  const scanner = new RecordScanner({ record: (_r, bytes) => hashes.push(hashRecordText(decoder.decode(bytes))) });
  for await (const chunk of source.chunks(signal)) {
    signal?.throwIfAborted();
    scanner.push(chunk);
  }
  scanner.finish();
  return hashes;
}
