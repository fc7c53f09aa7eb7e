import { NO_FORMAT } from '../../analysis/formatIds';

/**
 * The dataset's format is the one most records have; records in another format would fail
 * LLaMA-Factory's conversion for this dataset.
 */
export class FormatTally {
  readonly counts = new Map<number, number>();

  add(format: number): void {
    if (format !== NO_FORMAT) this.counts.set(format, (this.counts.get(format) ?? 0) + 1);
  }

  majority(): number {
    let best = NO_FORMAT;
    let bestCount = 0;
    for (const [format, count] of this.counts) {
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
  }
}

/** Indices of records whose format differs from the majority. */
export function outlierRecords(formats: Uint8Array, count: number, majority: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (formats[i] !== NO_FORMAT && formats[i] !== majority) out.push(i);
  return out;
}
