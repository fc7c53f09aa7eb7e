import { msg } from '../../../shared/messageTemplate';

/**
 * Splits a dataset file into records as its bytes stream in, without parsing JSON:
 *
 * - **JSON Lines** (also JSONL content in a `.json` file): one record per non-blank line,
 *   found with the native `indexOf`, so the scan costs little next to `JSON.parse`.
 * - **JSON array** (first non-blank byte `[`): one record per top-level element, found by a
 *   byte state machine that tracks strings, escapes and nesting depth.
 *
 * Each record comes with its byte range and the line and column of its first character
 * (0-based; columns in UTF-16 code units, as editors count them). A UTF-8 BOM is skipped and
 * CR of CRLF dropped. Chunks may split a record anywhere, even inside a UTF-8 sequence.
 */
export type Container = 'lines' | 'array';

export interface ScannedRecord {
  byteStart: number;
  /** Exclusive; excludes the line break (and a CR before it). */
  byteEnd: number;
  line: number;
  column: number;
}

export interface StructureProblem {
  message: string;
  args: Array<string | number>;
  byte: number;
  line: number;
  column: number;
}

export interface ScanSink {
  /** Called once, when the first non-blank byte is seen. */
  container?(container: Container): void;
  /** `bytes` is only valid during the call: copy what you keep. */
  record(record: ScannedRecord, bytes: Uint8Array): void;
  structure?(problem: StructureProblem): void;
}

const NL = 0x0a;
const CR = 0x0d;

export class RecordScanner {
  private mode: Container | undefined;
  /** Bytes not yet consumed, starting at absolute offset `carryStart`. */
  private carry: Uint8Array = new Uint8Array(0);
  private carryStart = 0;
  private total = 0;
  private bomChecked = false;
  // line mode
  private line = 0;
  // array mode
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private elementStart = -1;
  private elementLine = 0;
  private elementColumn = 0;
  private primitive = false;
  private lastNonBlank = -1;
  private scanned = 0; // absolute offset up to which array bytes were examined
  private column = 0;
  private reportedUnexpected = false;

  constructor(private readonly sink: ScanSink) {}

  get container(): Container | undefined {
    return this.mode;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.mode === 'lines' && this.carry.length > 0) {
      // Finish the pending partial line with the head of this chunk; the rest is scanned in place.
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.carry = concat(this.carry, chunk);
        this.total += chunk.length;
        return;
      }
      const line = concat(this.carry, chunk.subarray(0, nl));
      this.emitLine(line, 0, line.length, this.carryStart);
      this.line++;
      this.carryStart += line.length + 1;
      this.carry = new Uint8Array(0);
      this.total += nl + 1;
      chunk = chunk.subarray(nl + 1);
      if (chunk.length === 0) return;
    }
    const buffer = this.carry.length ? concat(this.carry, chunk) : chunk;
    this.total += chunk.length;
    let start = 0;
    if (!this.bomChecked) {
      const bomPrefix = buffer[0] === 0xef && (buffer.length === 1 || (buffer[1] === 0xbb && buffer.length === 2));
      if (bomPrefix) {
        this.carry = buffer.slice(); // cannot tell a BOM yet: wait for its third byte
        return;
      }
      this.bomChecked = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
    }
    if (!this.mode) {
      let i = start;
      let lineStart = start;
      while (i < buffer.length && isBlank(buffer[i])) {
        if (buffer[i] === NL) {
          this.line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i === buffer.length) {
        // only blank bytes so far: keep the partial last line for column counting
        this.carryStart += lineStart;
        this.carry = buffer.slice(lineStart);
        return;
      }
      this.mode = buffer[i] === 0x5b ? 'array' : 'lines';
      this.sink.container?.(this.mode);
      start = lineStart;
      if (this.mode === 'array') {
        this.scanned = this.carryStart + lineStart;
        this.column = 0;
      }
    }
    if (this.mode === 'lines') this.scanLines(buffer, start);
    else this.scanArray(buffer, start);
  }

  /** Flushes the last record (a final line without a newline) and reports an unclosed array. */
  finish(): void {
    if (this.mode === 'lines') {
      if (this.carry.length) this.emitLine(this.carry, 0, this.carry.length, this.carryStart);
    } else if (this.mode === 'array' && !this.closed) {
      if (this.elementStart >= 0 && this.carry.length) {
        const from = this.elementStart - this.carryStart;
        const end = this.lastNonBlank + 1 - this.carryStart;
        if (end > from) {
          this.sink.record(
            { byteStart: this.elementStart, byteEnd: this.lastNonBlank + 1, line: this.elementLine, column: this.elementColumn },
            this.carry.subarray(from, end),
          );
        }
      }
      this.sink.structure?.({
        message: msg('The JSON array is not closed: the file ends before its closing "]".'),
        args: [],
        byte: this.total,
        line: this.line,
        column: this.column,
      });
    }
    this.carry = new Uint8Array(0);
  }

  private scanLines(buffer: Uint8Array, from: number): void {
    let start = from;
    for (;;) {
      const nl = buffer.indexOf(NL, start);
      if (nl < 0) break;
      this.emitLine(buffer, start, nl, this.carryStart);
      this.line++;
      start = nl + 1;
    }
    this.carryStart += start;
    this.carry = start < buffer.length ? buffer.slice(start) : new Uint8Array(0);
  }

  private emitLine(buffer: Uint8Array, start: number, end: number, base: number): void {
    emitLineRecord(buffer, start, end, base, this.line, this.sink);
  }

  private scanArray(buffer: Uint8Array, from: number): void {
    const base = this.carryStart;
    let i = Math.max(from, this.scanned - base);
    for (; i < buffer.length; i++) {
      const b = buffer[i];
      const abs = base + i;
      if (this.closed) {
        if (!isBlank(b)) this.unexpected(abs, b, msg('Unexpected content after the end of the JSON array.'));
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) {
          this.inString = false;
          this.lastNonBlank = abs;
        }
      } else if (b === 0x22) {
        if (this.depth === 1 && this.elementStart < 0) this.startElement(abs, true);
        this.inString = true;
      } else if (b === 0x7b || b === 0x5b) {
        if (this.depth === 1 && this.elementStart < 0) this.startElement(abs, false);
        this.depth++;
        this.lastNonBlank = abs;
      } else if (b === 0x7d || b === 0x5d) {
        if (this.depth === 1) {
          if (b === 0x5d) {
            if (this.elementStart >= 0) this.endElement(buffer, base);
            this.depth = 0;
            this.closed = true;
          } else {
            this.unexpected(abs, b, msg('Unexpected "}" in the JSON array: its braces do not balance.'));
          }
        } else if (this.depth > 1) {
          this.depth--;
          this.lastNonBlank = abs;
          if (this.depth === 1 && !this.primitive) this.endElement(buffer, base);
        }
      } else if (b === 0x2c) {
        if (this.depth === 1 && this.elementStart >= 0) this.endElement(buffer, base);
      } else if (!isBlank(b)) {
        if (this.depth === 1 && this.elementStart < 0) this.startElement(abs, true);
        this.lastNonBlank = abs;
      }
      // position after this byte
      if (b === NL) {
        this.line++;
        this.column = 0;
      } else if ((b & 0xc0) !== 0x80) {
        this.column += b >= 0xf0 ? 2 : 1;
      }
    }
    this.scanned = base + buffer.length;
    const keepFrom = this.elementStart >= 0 ? this.elementStart - base : buffer.length;
    this.carryStart = base + keepFrom;
    this.carry = keepFrom < buffer.length ? buffer.slice(keepFrom) : new Uint8Array(0);
  }

  private startElement(abs: number, primitive: boolean): void {
    this.elementStart = abs;
    this.elementLine = this.line;
    this.elementColumn = this.column;
    this.primitive = primitive;
    this.lastNonBlank = abs;
  }

  private endElement(buffer: Uint8Array, base: number): void {
    const start = this.elementStart;
    const end = this.lastNonBlank + 1;
    this.sink.record({ byteStart: start, byteEnd: end, line: this.elementLine, column: this.elementColumn }, buffer.subarray(start - base, end - base));
    this.elementStart = -1;
    this.primitive = false;
  }

  /** Reports the first structural surprise only: after one, positions of later ones mean little. */
  private unexpected(abs: number, _byte: number, message: string): void {
    if (this.reportedUnexpected) return;
    this.reportedUnexpected = true;
    this.sink.structure?.({ message, args: [], byte: abs, line: this.line, column: this.column });
  }
}

function isBlank(b: number): boolean {
  return b === 0x20 || b === NL || b === CR || b === 0x09;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Reports `buffer[start, end)` as a record unless it is blank: the CR of CRLF, indentation and trailing blanks are not part of it. */
function emitLineRecord(buffer: Uint8Array, start: number, end: number, base: number, line: number, sink: ScanSink): void {
  let s = start;
  let e = end;
  if (e > s && buffer[e - 1] === CR) e--;
  let column = 0;
  while (s < e && (buffer[s] === 0x20 || buffer[s] === 0x09)) {
    s++;
    column++;
  }
  while (e > s && isBlank(buffer[e - 1])) e--;
  if (e <= s) return;
  sink.record({ byteStart: base + s, byteEnd: base + e, line, column }, buffer.subarray(s, e));
}

/**
 * Splits a piece of a JSON Lines file that starts at a line start (`firstLine`, file offset
 * `byteOffset`) into records: what a worker does with a chunk the main thread cut at a newline.
 */
export function splitLines(bytes: Uint8Array, byteOffset: number, firstLine: number, sink: ScanSink): void {
  let line = firstLine;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(NL, start);
    if (nl < 0) break;
    emitLineRecord(bytes, start, nl, byteOffset, line++, sink);
    start = nl + 1;
  }
  if (start < bytes.length) emitLineRecord(bytes, start, bytes.length, byteOffset, line, sink);
}
