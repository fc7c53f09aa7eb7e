import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analysisOptionsFrom } from '../core/dataset/analysisOptions';
import {
  CleanRefusedError,
  DEFAULT_DROP_CODES,
  destructiveDrop,
  recordsToDrop,
  streamCleanedDataset,
  writeCleanedDataset,
} from '../core/dataset/clean/cleanDataset';
import { analyzeDatasetFile } from '../core/dataset/datasetFile';
import { reportFindings } from '../core/dataset/analysis/datasetReport';
import type { Finding, FindingCode } from '../shared/findings';
import { renderMessage } from '../shared/findings';
import { fileSource } from '../core/dataset/reading/byteSource';
import { FINDING_CODES } from '../core/dataset/ruleCatalog';
import { cleanColumnar } from './cleanColumnar';
import type { CleanRequest } from './cleanRequest';
import { loadCliSettings } from './configFile';
import { isColumnarPath } from '../core/dataset/columnar/columnarKind';
import type { CliIo } from './cliIo';
import { EXIT_OK, EXIT_USAGE, UsageError } from './cliIo';
import { writeDrained } from './output/writeDrained';

export const CLEAN_USAGE = `Usage: tunelab clean <input> -o <output> [options]

Writes a copy of a dataset without the records that have the chosen findings
(duplicates keep their first occurrence). Never modifies the input. A Parquet, Arrow
or CSV/TSV input is written as JSON Lines (one row a line).

Options:
  -o, --output <file>   where to write the cleaned dataset (required; not the input;
                        a regular file, or - for standard output)
  --drop <codes>        comma-separated finding codes to drop
                        (default: ${DEFAULT_DROP_CODES.join(',')})
  --config <file>       settings as JSON, as for tunelab check
  --max-drop <share>    refuse when more than this share of the records would be
                        dropped (default: the setting dataset.clean.maxDropShare, 0.5)
  --force               replace the output file if it exists, and write even when
                        more than --max-drop of the records would be dropped
  -h, --help            show this help
`;

export async function cleanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      drop: { type: 'string' },
      config: { type: 'string' },
      force: { type: 'boolean' },
      'max-drop': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(CLEAN_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one input dataset');
  if (!values.output) throw new UsageError('name the output file with -o');
  const codes = values.drop
    ? values.drop
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : [...DEFAULT_DROP_CODES];
  const isCode = (c: string): c is FindingCode => (FINDING_CODES as readonly string[]).includes(c);
  const unknown = codes.filter((c) => !isCode(c));
  if (unknown.length) throw new UsageError(`unknown finding code(s): ${unknown.join(', ')}; codes are ${FINDING_CODES.join(', ')}`);
  const { settings } = await loadCliSettings(values.config);
  const maxShare = values['max-drop'] === undefined ? settings['dataset.clean.maxDropShare'] : Number(values['max-drop']);
  if (!(maxShare >= 0 && maxShare <= 1)) throw new UsageError('--max-drop takes a share from 0 to 1, such as 0.5');
  const request: CleanRequest = {
    input: positionals[0],
    output: values.output,
    codes: new Set(codes.filter(isCode)),
    force: values.force === true,
    maxShare,
    settings,
  };
  try {
    return await clean(request, io);
  } catch (error) {
    if (error instanceof CleanRefusedError) {
      io.stderr.write(`tunelab: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (io.signal?.aborted) {
      io.stderr.write('tunelab: interrupted: nothing was written\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  }
}

const EXIT_INTERRUPTED = 130;

async function clean({ input, output, codes, force, maxShare, settings }: CleanRequest, io: CliIo): Promise<number> {
  const before = await stat(input);
  if (!before.isFile()) throw new CleanRefusedError(`${input} is not a regular file`);
  if (isColumnarPath(input)) return cleanColumnar({ input, output, codes, force, maxShare, settings }, io);
  const report = await analyzeDatasetFile(input, analysisOptionsFrom(settings));
  // Read through the engine's compact store: a report of millions of findings is never built as objects here.
  let notDataset: Finding | undefined;
  for (const f of reportFindings(report)) if (f.code === 'not-a-dataset') notDataset ??= f;
  if (notDataset) throw new CleanRefusedError(`${input} is not a dataset: ${renderMessage(notDataset)} Nothing was written.`);
  const { drop, byCode } = recordsToDrop(reportFindings(report), codes);
  const destructive = destructiveDrop(report.summary.records, drop.size, byCode, maxShare);
  if (destructive && !force) {
    const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
    const top = destructive.topCodes.map(([code, n]) => `${code} ${n}`).join(', ');
    throw new CleanRefusedError(
      `refusing to write ${output}: the chosen findings would drop ${destructive.dropped} of ${destructive.records} records (${percent(destructive.share)}), more than ${percent(maxShare)} (${top}).\n` +
        `  A format the checker misread can flag every record: look at the findings first (tunelab check ${input}).\n` +
        `  To write it anyway, pass --force (or a higher --max-drop).`,
    );
  }
  // Clean exactly the bytes that were checked: refuse a file that changed meanwhile, and read
  // no further than the checked size (a file still being appended to keeps its new tail out).
  const unchanged = async () => {
    const now = await stat(input);
    return now.size === before.size && now.mtimeMs === before.mtimeMs;
  };
  const changed = `${input} changed while it was being checked: run tunelab clean again once it is complete. Nothing was written.`;
  if (!(await unchanged())) throw new CleanRefusedError(changed);
  const details = [...byCode].map(([code, n]) => `${code} ${n}`).join(', ');
  const summary = (where: string, kept: number, dropped: number) =>
    `${where}: kept ${kept} of ${kept + dropped} records, dropped ${dropped}${details ? ` (${details})` : ''}\n`;
  const verify = async () => {
    if (!(await unchanged())) throw new CleanRefusedError(changed);
  };
  const options = { overwrite: force, limitBytes: before.size, signal: io.signal, beforeCommit: verify };
  const source = await fileSource(input);
  try {
    if (output === '-') {
      const result = await streamCleanedDataset(source, drop, (bytes) => writeDrained(io.stdout, bytes), options);
      io.stderr.write(summary('(standard output)', result.kept, result.dropped));
      return EXIT_OK;
    }
    const result = await writeCleanedDataset(source, input, output, drop, options);
    io.stdout.write(summary(result.output, result.kept, result.dropped));
    return EXIT_OK;
  } finally {
    await source.close();
  }
}
