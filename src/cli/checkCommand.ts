import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyzeDatasetFile, loadLexicon } from '../core/dataset/datasetFile';
import { analyzeColumnarFile } from '../core/dataset/columnar/columnarAnalysis';
import { reportSeverities } from '../core/dataset/analysis/datasetReport';
import { isColumnarPath } from '../core/dataset/columnar/columnarKind';
import { analysisOptionsFrom } from '../core/dataset/analysisOptions';
import { findIgnoreFile, ignoredCodes, severityWithIgnored } from '../core/dataset/ignoreFile';
import { OTHER_LABELS } from '../core/config/kinds/configKind';
import type { Severity } from '../shared/findings';
import { loadCliSettings } from './configFile';
import { collectCheckFiles } from './checkFiles';
import { reviewScoresFor } from '../core/dataset/review/combineReviews';
import { checkConfigFile } from './configFileCheck';
import { CLUSTER_OPTIONS, clusterFlags } from './clusterFlags';
import { clusterFromFlags } from '../core/config/facts/clusterShape';
import { checkDatasetInfoFile, formatDatasetInfoText, isDatasetInfoFile, withConfigDataFindings } from './preflightData';
import { configureLanguage, localize } from './localize';
import { toJsonConfigFindingsReport, toJsonConfigReport, toJsonDatasetInfoReport, toJsonFileReport, toJsonUncheckedConfigReport } from './output/jsonReport';
import type { JsonFinding } from './output/jsonReport';
import { ChunkedOutput, ReportTally, jsonReportWriter, sarifReportWriter } from './output/reportWriter';
import type { FileEntry } from './output/reportWriter';
import { displayPath, formatConfigFindingLines, formatConfigTextReport, formatUnrecognisedConfig, textReportLines } from './output/textReport';
import { progressReporter } from './progress';
import type { CliIo } from './cliIo';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './cliIo';
import { version } from './version';
import { EMBEDDINGS_ARGS, endpointConfigured } from './embeddingsOptions';
import { semanticPass } from './semanticCheck';

export const CHECK_USAGE = `Usage: tunelab check <files|directories…> [options]

Checks JSON / JSON Lines, Parquet, Arrow and CSV/TSV datasets and LLaMA-Factory / TRL
training configs (YAML, JSON) and prints every finding. Findings in Parquet, Arrow and CSV
files name the row (1-based, the CSV header not counted) and the column. YAML files that are not training configs (accelerate, DeepSpeed, CI…)
are skipped.

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on error|warning|never
                             exit with 1 when a finding is at least this severe (default: error)
  --config <file>            settings as JSON, keys as in VS Code ("tunelab.dataset.maxResponseChars": 4000,
                             "tunelab.config.gpu.memoryGB": 24)
  --gpus <n>                 GPUs per node the run uses, for the global batch and the memory checks
                             (default: tunelab.config.gpu.count, 1)
  --nodes <n>                nodes the run uses (default: tunelab.config.gpu.nodes, 1)
  --gpu-memory <GiB>         memory of each GPU (default: tunelab.config.gpu.memoryGB)
  --threads <n>              worker threads (default: one per core, at most 4)
  --lang <language>          message language, e.g. zh-cn (default: from LANG)
  --timings                  print how long each stage took to stderr
  --semantic                 also report semantic-duplicate, with your embeddings endpoint
                             (--endpoint/--model or TUNELAB_EMBEDDINGS_URL/_MODEL; see
                             tunelab diversify --help and docs/semantic.md)
  -h, --help                 show this help
`;

export async function checkCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      config: { type: 'string' },
      ...CLUSTER_OPTIONS,
      threads: { type: 'string' },
      lang: { type: 'string' },
      timings: { type: 'boolean' },
      semantic: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...EMBEDDINGS_ARGS,
    },
  });
  if (values.help) {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError(`--fail-on must be error, warning or never, not '${failOn}'`);
  if (positionals.length === 0) throw new UsageError('name at least one dataset or config file, or a directory');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > 64))
    throw new UsageError('--threads must be a whole number from 0 to 64');
  const flags = clusterFlags(values);
  configureLanguage(values.lang, io.env);
  if (values.semantic && !endpointConfigured(values, io.env))
    throw new UsageError('--semantic needs an embeddings endpoint: --endpoint URL --model NAME, or TUNELAB_EMBEDDINGS_URL');

  const { settings, unknownKeys } = await loadCliSettings(values.config);
  const cluster = clusterFromFlags(settings, flags);
  for (const key of unknownKeys) io.stderr.write(`tunelab: warning: unknown setting "${key}" in ${values.config}\n`);
  const analysis = analysisOptionsFrom(settings);
  const files = await collectCheckFiles(positionals);
  if (files.length === 0) throw new UsageError('no .json, .jsonl, .yaml, .yml, .parquet, .arrow, .csv or .tsv files found');
  let terms: Awaited<ReturnType<typeof loadLexicon>> | undefined;
  const cwd = process.cwd();
  const output = new ChunkedOutput(io.stdout);
  const tally = new ReportTally();
  const writer = format === 'json' ? jsonReportWriter(output, version) : format === 'sarif' ? sarifReportWriter(output, version, cwd) : undefined;
  /** One file's entry and findings, to the writer (json, sarif), counted either way. */
  const report = async <T extends { severity: Severity }>(
    entry: FileEntry,
    findings: Iterable<T>,
    write?: (entry: FileEntry, findings: Iterable<T>) => Promise<void>,
  ) => {
    tally.file(entry);
    const counted = function* () {
      for (const f of findings) {
        tally.finding(f.severity);
        yield f;
      }
    };
    if (write) await write(entry, counted());
    else for (const f of findings) tally.finding(f.severity);
  };
  const write = writer ? (entry: FileEntry, findings: Iterable<JsonFinding>) => writer.file(entry, findings) : undefined;
  let ioError = false;
  for (const { path: file, explicit } of files) {
    if (isDatasetInfoFile(file)) {
      try {
        const result = await checkDatasetInfoFile(file, settings, cwd);
        if (format === 'text') await output.write(formatDatasetInfoText(result, file, cwd));
        const { findings, ...entry } = toJsonDatasetInfoReport(result.findings, file, cwd);
        await report(entry, findings, write);
      } catch (error) {
        ioError = true;
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`tunelab: ${displayPath(file, cwd)}: ${message}\n`);
        await report({ path: displayPath(file, cwd), error: message }, [] as JsonFinding[], write);
      }
      continue;
    }
    const columnar = isColumnarPath(file);
    if (!/\.jsonl$/i.test(file) && !columnar) {
      try {
        const checked = await checkConfigFile(file, settings, displayPath(file, cwd), cluster);
        const check = checked && (await withConfigDataFindings(checked, file, settings, cwd));
        if (check?.kind) {
          const kinded = { ...check, kind: check.kind };
          if (format === 'text') await output.write(formatConfigTextReport(kinded, file, cwd, settings, cluster));
          const { entry, findings } = toJsonConfigReport(kinded, file, cwd);
          await report(entry, findings, write);
          continue;
        }
        if (check?.findings.length) {
          // Not read as a config (too large): its finding is all there is to say.
          if (format === 'text') await output.write(formatConfigFindingLines(check, file, cwd));
          const { findings, ...entry } = toJsonConfigFindingsReport(check, file, cwd);
          await report(entry, findings, write);
          continue;
        }
        if (check) {
          // A file with some training keys but too few to name a framework: say so in the summary, with what was seen and how to choose.
          if (check.other === 'unrecognised' && format === 'text') await output.write(formatUnrecognisedConfig(check, file, cwd));
          else if (explicit)
            io.stderr.write(
              `tunelab: ${displayPath(file, cwd)}: ${localize(OTHER_LABELS[check.other ?? 'unknown'], [])}${check.evidence.length ? ` (${check.evidence.join(', ')})` : ''}, not checked\n`,
            );
          // JSON lists the same files the text output names, with their kind and evidence (no findings, so no effect on the totals of findings).
          if (format === 'json' && (check.other === 'unrecognised' || explicit)) {
            const { findings, ...entry } = toJsonUncheckedConfigReport(check, file, cwd);
            await report(entry, findings, write);
          }
          continue;
        }
      } catch (error) {
        ioError = true;
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`tunelab: ${displayPath(file, cwd)}: ${message}\n`);
        await report({ path: displayPath(file, cwd), error: message }, [] as JsonFinding[], write);
        continue;
      }
    }
    terms ??= await loadLexicon(analysis);
    const progress = progressReporter(io.stderr, displayPath(file, cwd), (await stat(file)).size);
    try {
      const ignore = await findIgnoreFile(file).catch((error: unknown) => {
        io.stderr.write(`tunelab: warning: ${error instanceof Error ? error.message : String(error)}; ignoring nothing\n`);
        return undefined;
      });
      const ignored = ignoredCodes(ignore?.ignore, ignore?.relativePath ?? '');
      const reviewScores = columnar ? undefined : await reviewScoresFor(file).catch(() => undefined);
      const severity = ignored.size ? severityWithIgnored(analysis.severity, ignored) : analysis.severity;
      const options = reviewScores ? { ...analysis, severity, reviewScores } : { ...analysis, severity };
      // Columnar files are read into a JSON Lines view first: the engine's byte progress would be of that view, so none is shown.
      const lexical = columnar
        ? await analyzeColumnarFile(file, options, { terms, threads })
        : await analyzeDatasetFile(file, options, { terms, threads, onProgress: (p) => progress.update(p) });
      progress.done();
      // The opt-in semantic pass, after the lexical analysis (JSON and JSON Lines files).
      const dataset = values.semantic && !columnar ? await semanticPass(file, lexical, values, settings, options, io) : lexical;
      if (values.timings) {
        const t = dataset.timings;
        io.stderr.write(
          `${displayPath(file, cwd)}: records ${t.records} ms (${t.threads} threads), near-duplicates ${t.nearDuplicates} ms, dataset stages ${t.datasetStages} ms\n`,
        );
      }
      if (format === 'text') for (const line of textReportLines(dataset, cwd)) await output.write(line);
      // Text needs only the counts; JSON and SARIF convert each finding as it is written.
      if (write) {
        const { entry, findings } = toJsonFileReport(dataset, cwd);
        await report(entry, findings, write);
      } else {
        await report({ path: file, summary: dataset.summary }, reportSeverities(dataset));
      }
    } catch (error) {
      progress.done();
      ioError = true;
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`tunelab: ${displayPath(file, cwd)}: ${message}\n`);
      await report({ path: displayPath(file, cwd), error: message }, [] as JsonFinding[], write);
    }
  }
  if (writer) await writer.end(tally.totals());
  if (format === 'text' && tally.files > 1) await output.write(totalsLine(tally));
  await output.flush();
  if (ioError) return EXIT_USAGE;
  if (failOn === 'never') return EXIT_OK;
  return tally.atLeast(failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function totalsLine(tally: ReportTally): string {
  const totals = tally.totals();
  const s = totals.bySeverity;
  return `\n${totals.files} files, ${totals.records.toLocaleString('en-US')} records, ${totals.findings.toLocaleString('en-US')} findings (${s.error} errors, ${s.warning} warnings, ${s.info + s.hint} notes)\n`;
}
