import type { Finding, FindingCode, FindingData, Position, Range, RelatedRecord, Severity } from '../../../shared/findings';
import { GrowableArray } from '../../util/growableArray';
import type { Container } from '../reading/recordScanner';
import { FINDING_CODES } from '../ruleCatalog';
import { StringTable, ValuePool, poolKeeps } from './valuePool';

/** What a finding's record-derived data is rebuilt from: the per-record positions the engine keeps anyway (DatasetState). */
export interface FindingPlaces {
  readonly container: Container | undefined;
  readonly records: number;
  readonly byteStarts: { get(index: number): number };
  readonly byteLengths: { get(index: number): number };
  recordStart(index: number): Position;
  recordEnd(index: number): Position;
  headRange(index: number): Range;
  neighbours(index: number): FindingData;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const CODE_ID = new Map<FindingCode, number>(FINDING_CODES.map((code, i) => [code, i]));
/** compareFindings orders codes with localeCompare: the same order as numbers, computed once. */
const CODE_RANK = (() => {
  const sorted = [...FINDING_CODES].sort((a, b) => a.localeCompare(b));
  return Uint8Array.from(FINDING_CODES, (code) => sorted.indexOf(code));
})();
const RECORD_KEYS = ['recordRange', 'container', 'byteStart', 'byteEnd'];

// flags: what is rebuilt from the record's places rather than stored
const RECORD_DATA = 1; // data starts with recordRange, container, byteStart, byteEnd of the record
const NEIGHBOURS = 2; // data ends with previousEnd, nextStart of the record
const RELATED_UNDEFINED = 4; // `related: undefined` (the key is there)
const RELATED_LINK = 8; // related is [one entry pointing at a record's first line], its record in the pool
const RELATED_TABLE = 16; // related is any other list, kept as it is
const WHOLE = 32; // not compactable: the finding object itself is kept

/**
 * The dataset engine's findings in columns (typed arrays) rather than objects: a finding is
 * about 40 bytes of columns and 9 bytes per argument or data value (about 100 bytes for a
 * `too-short`), where the object it replaces retained about 640 bytes and peaked near 2 KB
 * (nested positions, data, related entries). Message templates, field paths and terms are
 * interned; a record's range, byte range and neighbours, which every record finding repeats,
 * are rebuilt from the per-record positions the engine keeps anyway.
 *
 * A finding object is only built when a consumer asks for one (`at`, iteration): the CLI's
 * writers stream through them one at a time, so a report of millions of findings never holds
 * more than one. The built object is equal (deepStrictEqual) to the one that was pushed.
 */
export class CompactFindings implements Iterable<Finding> {
  private readonly strings = new StringTable();
  private readonly values = new ValuePool(this.strings);
  private readonly codes = new GrowableArray((n) => new Uint8Array(n), 1 << 12);
  private readonly severities = new GrowableArray((n) => new Uint8Array(n), 1 << 12);
  private readonly flags = new GrowableArray((n) => new Uint8Array(n), 1 << 12);
  private readonly argCounts = new GrowableArray((n) => new Uint8Array(n), 1 << 12);
  private readonly records = new GrowableArray((n) => new Int32Array(n), 1 << 12);
  /** start line, start column, end line, end column: four per finding. */
  private readonly ranges = new GrowableArray((n) => new Int32Array(n), 1 << 14);
  private readonly messages = new GrowableArray((n) => new Uint32Array(n), 1 << 12);
  /** Where the finding's values (arguments, then data values, then a linked record) start in the pool. */
  private readonly valueStarts = new GrowableArray((n) => new Uint32Array(n), 1 << 12);
  /** The data's own keys (beyond the record's places), as an interned list; 0 when none. */
  private readonly shapes = new GrowableArray((n) => new Uint32Array(n), 1 << 12);
  /** RELATED_LINK: the entry's message; RELATED_TABLE: the list's place in `relatedLists`. */
  private readonly related = new GrowableArray((n) => new Uint32Array(n), 1 << 12);
  private readonly relatedLists: RelatedRecord[][] = [];
  private relatedIds: Map<RelatedRecord[], number> | undefined = new Map();
  private readonly wholes = new Map<number, Finding>();
  private order: Uint32Array | undefined;
  /** Set once the engine has located every record: record findings then carry their neighbours (see `addNeighbours`). */
  private withNeighbours = false;

  constructor(private places: FindingPlaces) {
    this.strings.id(''); // shape 0: no keys of its own
  }

  get length(): number {
    return this.codes.length;
  }

  /** How many findings could not be put in columns and are kept as objects (ones the engine does not make). */
  get keptWhole(): number {
    return this.wholes.size;
  }

  /** Stores a finding (its record's places must already be known to `places`). */
  push(f: Finding): void {
    if (this.order) throw new Error('findings are sorted: no more can be added');
    const i = this.length;
    const code = CODE_ID.get(f.code);
    const severity = SEVERITIES.indexOf(f.severity);
    this.codes.push(code ?? 0);
    this.severities.push(Math.max(0, severity));
    this.records.push(f.record);
    this.ranges.push(f.range.start.line);
    this.ranges.push(f.range.start.column);
    this.ranges.push(f.range.end.line);
    this.ranges.push(f.range.end.column);
    this.valueStarts.push(this.values.length);
    const encoded = code !== undefined && severity >= 0 && this.encode(f);
    if (!encoded) {
      this.wholes.set(i, f);
      this.flags.push(WHOLE);
      this.argCounts.push(0);
      this.messages.push(0);
      this.shapes.push(0);
      this.related.push(0);
    }
  }

  /** The code and record of the k-th finding (in the finding order once sorted), without building it. */
  codeAt(k: number): FindingCode {
    return FINDING_CODES[this.codes.get(this.raw(k))];
  }

  severityAt(k: number): Severity {
    return SEVERITIES[this.severities.get(this.raw(k))];
  }

  recordAt(k: number): number {
    return this.records.get(this.raw(k));
  }

  /** From now on every record finding's data ends with its record's neighbours, as quick fixes that delete a record need. */
  addNeighbours(): void {
    this.withNeighbours = true;
  }

  /**
   * Puts the findings in the one finding order (compareFindings: position, then code; stable)
   * and stops taking more. `places` from now on: the same places, detached from the engine's state.
   */
  sort(places: FindingPlaces = this.places): void {
    this.places = places;
    const n = this.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const r = this.ranges.view();
    const codes = this.codes.view();
    order.sort((a, b) => r[4 * a] - r[4 * b] || r[4 * a + 1] - r[4 * b + 1] || CODE_RANK[codes[a]] - CODE_RANK[codes[b]] || a - b);
    this.order = order;
    this.relatedIds = undefined;
  }

  /** The k-th finding (in the finding order once sorted), built now. */
  at(k: number): Finding {
    return this.build(this.raw(k));
  }

  private raw(k: number): number {
    return this.order ? this.order[k] : k;
  }

  *[Symbol.iterator](): Iterator<Finding> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  /** Every finding as objects, in order (what the editor's consumers take); related lists pointing at one record are shared. */
  toArray(): Finding[] {
    const out = new Array<Finding>(this.length);
    const links = new Map<string, RelatedRecord[]>();
    for (let k = 0; k < this.length; k++) {
      const f = this.at(k);
      if (f.related && this.flags.get(this.raw(k)) & RELATED_LINK) {
        const key = `${f.related[0].record}\u0000${f.related[0].message}`;
        const shared = links.get(key);
        if (shared) f.related = shared;
        else links.set(key, f.related);
      }
      out[k] = f;
    }
    return out;
  }

  private encode(f: Finding): boolean {
    const data = f.data as Record<string, unknown>;
    if (f.args.length > 255 || !f.args.every(poolKeeps)) return false;
    const keys = Object.keys(data);
    let flags = 0;
    let first = 0;
    let last = keys.length;
    const index = f.record - 1;
    const ours = f.record > 0 && f.record <= this.places.records;
    if (ours && this.isRecordData(keys, data, index)) {
      flags |= RECORD_DATA;
      first = RECORD_KEYS.length;
    }
    if (ours && last - first >= 2 && keys[last - 2] === 'previousEnd' && keys[last - 1] === 'nextStart') {
      const n = this.places.neighbours(index);
      if (samePosition(data.previousEnd, n.previousEnd) && samePosition(data.nextStart, n.nextStart)) {
        flags |= NEIGHBOURS;
        last -= 2;
      }
    }
    const own = keys.slice(first, last);
    if (!own.every((key) => poolKeeps(data[key]))) return false;
    const hasRelated = Object.prototype.hasOwnProperty.call(f, 'related');
    let related = 0;
    let linked = 0;
    if (hasRelated && f.related === undefined) flags |= RELATED_UNDEFINED;
    else if (hasRelated && f.related) {
      if (this.isLink(f.related)) {
        flags |= RELATED_LINK;
        related = this.strings.id(f.related[0].message);
        linked = f.related[0].record;
      } else if (this.relatedIds) {
        flags |= RELATED_TABLE;
        related = this.relatedIds.get(f.related) ?? this.relatedLists.length;
        if (related === this.relatedLists.length) {
          this.relatedLists.push(f.related);
          this.relatedIds.set(f.related, related);
        }
      } else return false;
    }
    for (const arg of f.args) this.values.push(arg);
    for (const key of own) this.values.push(data[key]);
    if (flags & RELATED_LINK) this.values.push(linked);
    this.flags.push(flags);
    this.argCounts.push(f.args.length);
    this.messages.push(this.strings.id(f.message));
    this.shapes.push(own.length ? this.strings.id(own.join('\u0000')) : 0);
    this.related.push(related);
    return true;
  }

  private isRecordData(keys: string[], data: Record<string, unknown>, index: number): boolean {
    for (let k = 0; k < RECORD_KEYS.length; k++) if (keys[k] !== RECORD_KEYS[k]) return false;
    const range = data.recordRange as Range | undefined;
    const byteStart = this.places.byteStarts.get(index);
    return (
      !!range &&
      Object.keys(range).length === 2 &&
      samePosition(range.start, this.places.recordStart(index)) &&
      samePosition(range.end, this.places.recordEnd(index)) &&
      data.container === this.places.container &&
      data.byteStart === byteStart &&
      data.byteEnd === byteStart + this.places.byteLengths.get(index)
    );
  }

  /** One entry pointing at a record's first line, with the record number as its one argument (sink.relatedRecord). */
  private isLink(related: RelatedRecord[]): boolean {
    if (related.length !== 1) return false;
    const r = related[0];
    if (!Number.isInteger(r.record) || r.record < 1 || r.record > this.places.records) return false;
    if (Object.keys(r).join() !== 'record,range,message,args' || r.args.length !== 1 || r.args[0] !== r.record) return false;
    const head = this.places.headRange(r.record - 1);
    return Object.keys(r.range).length === 2 && samePosition(r.range.start, head.start) && samePosition(r.range.end, head.end);
  }

  private build(i: number): Finding {
    const flags = this.flags.get(i);
    if (flags & WHOLE) {
      const whole = this.wholes.get(i)!;
      if (this.withNeighbours && whole.record > 0 && !('previousEnd' in whole.data)) Object.assign(whole.data, this.places.neighbours(whole.record - 1));
      return whole;
    }
    const record = this.records.get(i);
    const index = record - 1;
    let v = this.valueStarts.get(i);
    const args: Array<string | number> = [];
    for (let a = this.argCounts.get(i); a > 0; a--) args.push(this.values.get(v++) as string | number);
    const data: Record<string, unknown> = {};
    if (flags & RECORD_DATA) {
      const byteStart = this.places.byteStarts.get(index);
      data.recordRange = { start: this.places.recordStart(index), end: this.places.recordEnd(index) };
      data.container = this.places.container;
      data.byteStart = byteStart;
      data.byteEnd = byteStart + this.places.byteLengths.get(index);
    }
    const shape = this.shapes.get(i);
    if (shape) for (const key of this.strings.get(shape).split('\u0000')) data[key] = this.values.get(v++);
    if (flags & NEIGHBOURS || (this.withNeighbours && record > 0 && !('previousEnd' in data))) Object.assign(data, this.places.neighbours(index));
    const r = this.ranges.view();
    const finding: Finding = {
      code: FINDING_CODES[this.codes.get(i)],
      severity: SEVERITIES[this.severities.get(i)],
      record,
      range: { start: { line: r[4 * i], column: r[4 * i + 1] }, end: { line: r[4 * i + 2], column: r[4 * i + 3] } },
      message: this.strings.get(this.messages.get(i)),
      args,
      data,
    };
    if (flags & RELATED_UNDEFINED) finding.related = undefined;
    else if (flags & RELATED_LINK) {
      const linked = this.values.get(v) as number;
      finding.related = [{ record: linked, range: this.places.headRange(linked - 1), message: this.strings.get(this.related.get(i)), args: [linked] }];
    } else if (flags & RELATED_TABLE) finding.related = this.relatedLists[this.related.get(i)];
    return finding;
  }
}

function samePosition(a: unknown, b: Position | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const p = a as Position;
  return typeof p === 'object' && p !== null && Object.keys(p).length === 2 && p.line === b.line && p.column === b.column;
}
