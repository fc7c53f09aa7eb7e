import { isColumnarPath } from '../../dataset/columnar/columnarKind';
import { jsonLinesView } from '../../dataset/columnar/jsonLinesView';
import type { JsonLinesView } from '../../dataset/columnar/jsonLinesView';
import type { TokenInput, TokenStats } from './tokenStats';

/**
 * Parquet / Arrow / CSV data files counted like JSON Lines, through the columnar seam the
 * dataset engine uses (jsonLinesView: one row a line in a temporary file). `run` gets the inputs
 * with each columnar file replaced by its view; the records over the limit it reports are then
 * put back on the original file, their `line` being the file's row (1-based, a CSV header is
 * not a row). The temporary files are deleted however `run` ends.
 */
export async function withColumnarAsJsonLines(
  inputs: readonly TokenInput[],
  signal: AbortSignal | undefined,
  run: (inputs: TokenInput[]) => Promise<TokenStats>,
): Promise<TokenStats> {
  const views = new Map<string, { original: string; view: JsonLinesView }>();
  try {
    const converted: TokenInput[] = [];
    for (const input of inputs) {
      if (!isColumnarPath(input.file)) {
        converted.push(input);
        continue;
      }
      const view = await jsonLinesView(input.file, signal);
      if (!view.jsonlPath)
        throw new Error(
          `${input.file}: ${view.problems.map((p) => p.message.replace(/\{(\d+)\}/g, (_, i: string) => String(p.args[Number(i)] ?? ''))).join('; ')}`,
        );
      views.set(view.jsonlPath, { original: input.file, view });
      converted.push({ ...input, file: view.jsonlPath });
    }
    const stats = await run(converted);
    if (!views.size) return stats;
    const records = stats.overLimit.records.map((r) => {
      const mapped = views.get(r.file);
      return mapped ? { ...r, file: mapped.original, line: mapped.view.rows.rowOf(r.record) } : r;
    });
    return { ...stats, overLimit: { ...stats.overLimit, records } };
  } finally {
    await Promise.all([...views.values()].map((v) => v.view.dispose()));
  }
}
