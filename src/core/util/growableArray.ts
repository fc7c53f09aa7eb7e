type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** An append-only typed array that doubles its capacity as it grows (per-record features of a whole file). */
export class GrowableArray<T extends TypedArray> {
  private data: T;
  private used = 0;

  constructor(
    private readonly create: (length: number) => T,
    initialCapacity = 4096,
  ) {
    this.data = create(initialCapacity);
  }

  get length(): number {
    return this.used;
  }

  /** Appends `source[0, count)`. */
  append(source: ArrayLike<number> & { subarray(start: number, end?: number): ArrayLike<number> }, count = source.length): void {
    this.reserve(this.used + count);
    (this.data as unknown as { set(a: ArrayLike<number>, offset: number): void }).set(source.subarray(0, count), this.used);
    this.used += count;
  }

  push(value: number): void {
    this.reserve(this.used + 1);
    this.data[this.used++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The filled part (a view: valid until the next append). */
  view(): T {
    return this.data.subarray(0, this.used) as T;
  }

  private reserve(length: number): void {
    if (length <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < length) capacity *= 2;
    const bigger = this.create(capacity);
    (bigger as unknown as { set(a: ArrayLike<number>): void }).set(this.data.subarray(0, this.used));
    this.data = bigger;
  }
}
