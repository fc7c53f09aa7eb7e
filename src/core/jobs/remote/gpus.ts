/** One GPU as nvidia-smi reports it. Memory in MiB. */
export interface GpuInfo {
  index: number;
  name: string;
  totalMiB: number;
  usedMiB: number;
  freeMiB: number;
  utilizationPercent?: number;
}

/** Parses gpuScript's output; undefined when the host has no nvidia-smi. */
export function parseGpuCsv(output: string): GpuInfo[] | undefined {
  if (/^nvidia-smi=missing/m.test(output)) return undefined;
  const gpus: GpuInfo[] = [];
  for (const line of output.split('\n')) {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length < 5 || !/^\d+$/.test(cells[0])) continue;
    const n = (s: string | undefined) => (s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : undefined);
    gpus.push({
      index: Number(cells[0]),
      name: cells[1],
      totalMiB: n(cells[2]) ?? 0,
      usedMiB: n(cells[3]) ?? 0,
      freeMiB: n(cells[4]) ?? 0,
      utilizationPercent: n(cells[5]),
    });
  }
  return gpus;
}
