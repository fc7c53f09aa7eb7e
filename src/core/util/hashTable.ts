/**
 * Open-addressing hash tables over typed arrays, for the per-record tallies of the main
 * thread (a million records means a million inserts: a JS Map keyed by 53-bit doubles
 * spends most of its time hashing heap numbers). Keys are 53-bit non-negative integers
 * split into two 32-bit halves; values are 32-bit integers.
 */
export class IntTable {
  private hi: Int32Array;
  private lo: Int32Array;
  private used: Uint8Array;
  /** Per-entry values, caller-defined (e.g. count and first record). */
  private values: Int32Array[];
  private size = 0;

  constructor(
    private readonly valueSlots: number,
    capacity = 1 << 16,
  ) {
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.values = Array.from({ length: valueSlots }, () => new Int32Array(capacity));
  }

  get count(): number {
    return this.size;
  }

  /** The entry of `key`, created (values 0) when absent. */
  slot(key: number): { index: number; created: boolean } {
    if (this.size * 2 >= this.used.length) this.grow();
    const hi = Math.floor(key / 4294967296) | 0;
    const lo = key | 0;
    const mask = this.used.length - 1;
    let i = (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
    while (this.used[i]) {
      if (this.lo[i] === lo && this.hi[i] === hi) return { index: i, created: false };
      i = (i + 1) & mask;
    }
    this.used[i] = 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.size++;
    return { index: i, created: true };
  }

  /** The entry of `key`, or -1. */
  find(key: number): number {
    const hi = Math.floor(key / 4294967296) | 0;
    const lo = key | 0;
    const mask = this.used.length - 1;
    let i = (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
    while (this.used[i]) {
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
      i = (i + 1) & mask;
    }
    return -1;
  }

  get(entry: number, valueSlot: number): number {
    return this.values[valueSlot][entry];
  }

  set(entry: number, valueSlot: number, value: number): void {
    this.values[valueSlot][entry] = value;
  }

  key(entry: number): number {
    return (this.hi[entry] >>> 0) * 4294967296 + (this.lo[entry] >>> 0);
  }

  /** Visits every entry. */
  forEach(visit: (entry: number) => void): void {
    for (let i = 0; i < this.used.length; i++) if (this.used[i]) visit(i);
  }

  private grow(): void {
    const old = { hi: this.hi, lo: this.lo, used: this.used, values: this.values };
    const capacity = this.used.length * 2;
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.values = Array.from({ length: this.valueSlots }, () => new Int32Array(capacity));
    this.size = 0;
    for (let i = 0; i < old.used.length; i++) {
      if (!old.used[i]) continue;
      const { index } = this.slot((old.hi[i] >>> 0) * 4294967296 + (old.lo[i] >>> 0));
      for (let v = 0; v < this.valueSlots; v++) this.values[v][index] = old.values[v][i];
    }
  }
}
