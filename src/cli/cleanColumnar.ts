import { stat } from 'node:fs/promises';
import { analysisOptionsFrom } from '../core/dataset/analysisOptions';
import { CleanRefusedError, destructiveDrop, recordsToDrop, streamCleanedDataset, writeCleanedDataset } from '../core/dataset/clean/cleanDataset';
import { analyzeView } from '../core/dataset/columnar/columnarAnalysis';
import { writeParquetCopy } from '../core/dataset/columnar/parquetCopy';
import { isColumnarPath } from '../core/dataset/columnar/columnarKind';
import { jsonLinesView } from '../core/dataset/columnar/jsonLinesView';
import { renderMessage } from '../shared/findings';
import { fileSource } from '../core/dataset/reading/byteSource';
import type { CleanRequest } from './cleanRequest';
import { writeDrained } from './output/writeDrained';
import type { CliIo } from './cliIo';
import { EXIT_OK } from './cliIo';

/**
 * `tunelab clean` of a Parquet, Arrow or CSV/TSV file: checked through its JSON Lines view
 * (one row a line) and written as JSON Lines without the dropped rows, or, for a Parquet input
 * and a `.parquet` output, as Parquet with the input's schema. The input is only read;
 * a file with rows that could not be read is refused, since its clean copy would lose them
 * without a word.
 */
export async function cleanColumnar({ input, output, codes, force, maxShare, settings }: CleanRequest, io: CliIo): Promise<number> {
  // Parquet in, Parquet out (hyparquet-writer); every other output is JSON Lines.
  const asParquet = output !== '-' && /\.parquet$/i.test(output);
  if (output !== '-' && isColumnarPath(output) && !(asParquet && /\.parquet$/i.test(input)))
    throw new CleanRefusedError(
      `the cleaned copy of ${input} is written as JSON Lines${/\.parquet$/i.test(input) ? ' or Parquet' : ''}: name the output .jsonl${/\.parquet$/i.test(input) ? ' or .parquet' : ''}, not ${output}`,
    );
  const before = await stat(input);
  const view = await jsonLinesView(input, io.signal);
  try {
    const { engine, report } = await analyzeView(input, view, analysisOptionsFrom(settings), { signal: io.signal });
    const lost = view.problems.find((p) => p.kind !== 'row' || (p.record === undefined && !codes.has('invalid-record')));
    if (!engine || !view.jsonlPath || lost) {
      const first = report.findings.find((f) => f.code === 'not-a-dataset' || f.code === 'invalid-record');
      throw new CleanRefusedError(`${input} could not be read completely${first ? `: ${renderMessage(first)}` : ''}. Nothing was written.`);
    }
    const notDataset = engine.findings.find((f) => f.code === 'not-a-dataset');
    if (notDataset) throw new CleanRefusedError(`${input} is not a dataset: ${renderMessage(notDataset)} Nothing was written.`);
    const { drop, byCode } = recordsToDrop(engine.findings, codes);
    // Ragged CSV rows were read (by position) but are invalid records: dropped with that code.
    if (codes.has('invalid-record')) {
      const ragged = view.problems.filter((p) => p.record !== undefined).map((p) => (p.record as number) - 1);
      const added = ragged.filter((r) => !drop.has(r));
      for (const r of ragged) drop.add(r);
      if (ragged.length) byCode.set('invalid-record', (byCode.get('invalid-record') ?? 0) + added.length);
    }
    const skipped = view.problems.filter((p) => p.kind === 'row' && p.record === undefined).length;
    const records = engine.summary.records + skipped;
    const destructive = destructiveDrop(records, drop.size + skipped, byCode, maxShare);
    if (destructive && !force) {
      throw new CleanRefusedError(
        `refusing to write ${output}: the chosen findings would drop ${destructive.dropped} of ${destructive.records} rows, more than ${Math.round(maxShare * 100)}%. Look at the findings first (tunelab check ${input}); pass --force to write it anyway.`,
      );
    }
    const unchanged = async () => {
      const now = await stat(input);
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs)
        throw new CleanRefusedError(`${input} changed while it was being checked: run tunelab clean again once it is complete. Nothing was written.`);
    };
    await unchanged();
    const details = [...byCode].map(([code, n]) => `${code} ${n}`).join(', ');
    const summary = (where: string, kept: number, as = 'JSON Lines') =>
      `${where}: kept ${kept} of ${records} rows, dropped ${records - kept}${details ? ` (${details})` : ''}; written as ${as}\n`;
    if (asParquet) {
      if (view.schema?.format !== 'parquet') throw new CleanRefusedError(`${input} is not a Parquet file: name the output .jsonl. Nothing was written.`);
      const rows = new Set([...drop].map((r) => view.rows.rowOf(r + 1)));
      const written = await writeParquetCopy(input, output, rows, { overwrite: force, signal: io.signal, beforeCommit: unchanged });
      io.stdout.write(summary(written.output, written.kept, `Parquet (${written.codec})`));
      return EXIT_OK;
    }
    const source = await fileSource(view.jsonlPath);
    try {
      if (output === '-') {
        const result = await streamCleanedDataset(source, drop, (bytes) => writeDrained(io.stdout, bytes), { signal: io.signal });
        io.stderr.write(summary('(standard output)', result.kept));
        return EXIT_OK;
      }
      // The input path is passed for the "never overwrite the input" check; the bytes come from the JSON Lines view.
      const result = await writeCleanedDataset(source, input, output, drop, { overwrite: force, signal: io.signal, beforeCommit: unchanged });
      io.stdout.write(summary(result.output, result.kept));
      return EXIT_OK;
    } finally {
      await source.close();
    }
  } finally {
    await view.dispose();
  }
}
