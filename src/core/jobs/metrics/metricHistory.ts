/**
 * The finite values each metric has taken, in order, one per step: trainer_log.jsonl and the
 * Trainer's stdout often log the same step, and rules must count it once.
 */
export class History {
  private readonly series = new Map<string, number[]>();
  /** Steps seen per metric, the latest SEEN_WINDOW only: the two logs of a step arrive close together. */
  private readonly seen = new Map<string, { steps: Set<number>; order: number[] }>();

  /** Records the point's finite values not yet seen at its step; returns the names recorded. */
  observe(values: Readonly<Record<string, number>>, step: number | undefined): Set<string> {
    const fresh = new Set<string>();
    for (const [name, value] of Object.entries(values)) {
      if (!Number.isFinite(value)) continue;
      if (step !== undefined) {
        let seen = this.seen.get(name);
        if (!seen) this.seen.set(name, (seen = { steps: new Set(), order: [] }));
        if (seen.steps.has(step)) continue;
        seen.steps.add(step);
        seen.order.push(step);
        if (seen.order.length > 2 * SEEN_WINDOW) for (const old of seen.order.splice(0, SEEN_WINDOW)) seen.steps.delete(old);
      }
      let list = this.series.get(name);
      if (!list) this.series.set(name, (list = []));
      list.push(value);
      fresh.add(name);
    }
    return fresh;
  }

  values(name: string): readonly number[] {
    return this.series.get(name) ?? [];
  }

  /** The latest value, if any. */
  last(name: string): number | undefined {
    const list = this.series.get(name);
    return list?.[list.length - 1];
  }
}

const SEEN_WINDOW = 4096;

export function medianOf(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function round(value: number): number {
  return Number(value.toPrecision(3));
}
