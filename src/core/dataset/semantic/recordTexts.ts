import { normalizeRecord } from '../formats/normalizeRecord';
import type { DatasetRecord } from '../formats/recordModel';
import type { ByteSource } from '../reading/byteSource';
import { RecordScanner } from '../reading/recordScanner';
import type { Container, ScannedRecord } from '../reading/recordScanner';
import type { Range } from '../../../shared/findings';

/**
 * What is sent to the embeddings endpoint for each record (docs/semantic.md says the same):
 * the text of the conversation the model learns from, the user and assistant turns (and a
 * preference pair's chosen answer) in order, separated by blank lines; for pre-training data
 * the document. Not the system prompt, tool schemas, the rejected answer, field names, ids or
 * other metadata. Cut to the first MAX_EMBED_CHARS characters, which covers the window of
 * common embedding models (512 to 8192 tokens) without sending megabytes.
 */
export const MAX_EMBED_CHARS = 8000;

export function embeddingText(record: DatasetRecord): string | undefined {
  const parts: string[] = [];
  for (const turn of record.turns) if (turn.role === 'user' || turn.role === 'assistant') parts.push(turn.text);
  if (record.chosen) for (const turn of record.chosen) if (turn.role === 'assistant') parts.push(turn.text);
  if (record.document) parts.push(record.document.text);
  if (parts.length === 0 && record.extra) for (const field of record.extra) parts.push(field.text);
  const text = parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join('\n\n');
  return text ? text.slice(0, MAX_EMBED_CHARS) : undefined;
}

export interface RecordTexts {
  container: Container | undefined;
  /** Per record in file order (the indices clean and the findings use): its text, or undefined when it does not parse or has none. */
  texts: Array<string | undefined>;
  /** Per record: where it is (for findings). */
  places: ScannedRecord[];
  /** Per record: its first line and its whole extent, as editors count (UTF-16 columns). */
  heads: Range[];
  extents: Range[];
  /** Per record: its parsed value, only when `keepValues` asked (the score field). */
  values?: unknown[];
}

/** Reads every record of a JSON Lines file or JSON array and the text each would be embedded with. */
export async function readRecordTexts(source: ByteSource, options: { signal?: AbortSignal; keepValues?: boolean } = {}): Promise<RecordTexts> {
  const texts: Array<string | undefined> = [];
  const places: ScannedRecord[] = [];
  const heads: Range[] = [];
  const extents: Range[] = [];
  const values: unknown[] | undefined = options.keepValues ? [] : undefined;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const scanner = new RecordScanner({
    record: (place, bytes) => {
      places.push(place);
      const text = decoder.decode(bytes);
      const lines = text.split('\n');
      const start = { line: place.line, column: place.column };
      const firstEnd = place.column + lines[0].replace(/\r$/, '').length;
      heads.push({ start, end: { line: place.line, column: firstEnd } });
      const last = lines[lines.length - 1];
      extents.push({ start, end: { line: place.line + lines.length - 1, column: lines.length === 1 ? firstEnd : last.length } });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      values?.push(value);
      const record = value === undefined ? undefined : normalizeRecord(value).record;
      texts.push(record ? embeddingText(record) : undefined);
    },
  });
  for await (const chunk of source.chunks(options.signal)) scanner.push(chunk);
  scanner.finish();
  return { container: scanner.container, texts, places, heads, extents, values };
}
