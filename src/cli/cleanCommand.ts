import { parseArgs } from 'node:util';
import { analysisOptionsFrom } from '../core/dataset/analysisOptions';
import { CleanRefusedError, DEFAULT_DROP_CODES, destructiveDrop, recordsToDrop, writeCleanedDataset } from '../core/dataset/clean/cleanDataset';
import { analyzeDatasetFile } from '../core/dataset/datasetFile';
import type { FindingCode } from '../core/dataset/findings';
import { fileSource } from '../core/dataset/reading/byteSource';
import { FINDING_CODES } from '../core/dataset/ruleCatalog';
import { loadCliSettings } from './configFile';
import type { CliIo } from './runCli';
import { EXIT_OK, EXIT_USAGE, UsageError } from './runCli';

export const CLEAN_USAGE = `Usage: tunelab clean <input> -o <output> [options]

Writes a copy of a dataset without the records that have the chosen findings
(duplicates keep their first occurrence). Never modifies the input.

Options:
  -o, --output <file>   where to write the cleaned dataset (required; not the input)
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
  const codes = values.drop ? values.drop.split(',').map((c) => c.trim()).filter(Boolean) : [...DEFAULT_DROP_CODES];
  const unknown = codes.filter((c) => !(FINDING_CODES as string[]).includes(c));
  if (unknown.length) throw new UsageError(`unknown finding code(s): ${unknown.join(', ')}; codes are ${FINDING_CODES.join(', ')}`);
  const input = positionals[0];
  const { settings } = await loadCliSettings(values.config);
  const analysis = analysisOptionsFrom(settings);
  const report = await analyzeDatasetFile(input, analysis);
  const { drop, byCode } = recordsToDrop(report.findings, new Set(codes as FindingCode[]));
  const maxShare = values['max-drop'] === undefined ? settings['dataset.clean.maxDropShare'] : Number(values['max-drop']);
  if (!(maxShare >= 0 && maxShare <= 1)) throw new UsageError('--max-drop takes a share from 0 to 1, such as 0.5');
  const destructive = destructiveDrop(report.summary.records, drop.size, byCode, maxShare);
  if (destructive && !values.force) {
    const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
    const top = destructive.topCodes.map(([code, n]) => `${code} ${n}`).join(', ');
    io.stderr.write(
      `tunelab: refusing to write ${values.output}: the chosen findings would drop ${destructive.dropped} of ${destructive.records} records (${percent(destructive.share)}), more than ${percent(maxShare)} (${top}).\n` +
        `  A format the checker misread can flag every record: look at the findings first (tunelab check ${input}).\n` +
        `  To write it anyway, pass --force (or a higher --max-drop).\n`,
    );
    return EXIT_USAGE;
  }
  const source = await fileSource(input);
  try {
    const result = await writeCleanedDataset(source, input, values.output, drop, { overwrite: values.force });
    const details = [...byCode].map(([code, n]) => `${code} ${n}`).join(', ');
    io.stdout.write(`${result.output}: kept ${result.kept} of ${result.kept + result.dropped} records, dropped ${result.dropped}${details ? ` (${details})` : ''}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CleanRefusedError) {
      io.stderr.write(`tunelab: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    await source.close();
  }
}
