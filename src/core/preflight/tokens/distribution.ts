/** Percentiles and a histogram of token lengths, from the sampled records. */
export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  /** Equal-width bins from 0 to `max`: upper edges and counts. */
  histogram: Array<{ upTo: number; count: number }>;
}

export function distributionOf(values: readonly number[], bins = 12): Distribution {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, histogram: [] };
  // Nearest rank: the smallest value with at least p of the values at or below it.
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  const max = sorted[n - 1];
  const width = Math.max(1, Math.ceil(max / bins));
  const histogram = Array.from({ length: Math.max(1, Math.ceil(max / width)) }, (_, i) => ({ upTo: (i + 1) * width, count: 0 }));
  for (const v of sorted) histogram[Math.min(histogram.length - 1, Math.max(0, Math.ceil(v / width) - 1))].count++;
  return { count: n, mean: sum / n, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max, histogram };
}
