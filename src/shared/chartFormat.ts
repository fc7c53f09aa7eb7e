/**
 * Numbers as a chart shows them. chart.js's defaults print `1.05000000E-6` or
 * `5.00000000000000100000E-6` for learning rates; people read `1.05e-6`, `5e-6`, `0.693`.
 */

/** A compact number: at most `digits` significant digits, no float noise, exponents for the very small and large. */
export function formatCompact(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${Number(exponent)}`;
  }
  return trimZeros(Number(value.toPrecision(digits)).toFixed(Math.max(0, digits - 1 - Math.floor(Math.log10(abs)))));
}

/**
 * Tick labels for one axis: the fewest significant digits (up to 6) that keep neighbouring ticks
 * apart, so `0.6931, 0.6932` do not both read `0.693`.
 */
export function formatTicks(values: readonly number[]): string[] {
  for (let digits = 2; digits <= 6; digits++) {
    const labels = values.map((v) => formatCompact(v, digits));
    if (new Set(labels).size === new Set(values).size) return labels;
  }
  return values.map((v) => formatCompact(v, 6));
}

/** A CSV cell: every digit the log had (12 significant), without float noise, exponents when small. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return formatCompact(value, 12);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Whether a series is constant (up to float noise): it is then drawn flat, never smoothed into noise. */
export function isConstant(min: number, max: number): boolean {
  return max - min <= 1e-9 * Math.max(Math.abs(min), Math.abs(max));
}

/**
 * The fine-tuning rules' KL coefficient: best between 0.05 and 0.08, and the staged schedule
 * that worked, 0.08 for the first 20% of training, 0.05 for the middle 60%, 0.06 for the last
 * 20%. As x/y corners of a stepped line over `totalSteps`.
 */
export const KL_TARGET_BAND = { low: 0.05, high: 0.08 } as const;

export function klSchedule(totalSteps: number): Array<{ x: number; y: number }> {
  const a = totalSteps * 0.2;
  const b = totalSteps * 0.8;
  return [
    { x: 0, y: 0.08 },
    { x: a, y: 0.08 },
    { x: a, y: 0.05 },
    { x: b, y: 0.05 },
    { x: b, y: 0.06 },
    { x: totalSteps, y: 0.06 },
  ];
}
