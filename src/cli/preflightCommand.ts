import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configFormatOf } from '../core/config/document/parseConfig';
import type { Severity } from '../shared/findings';
import { atLeast } from '../shared/findings';
import { CLUSTER_OPTIONS, clusterFlags } from './clusterFlags';
import { msg } from '../shared/messageTemplate';
import { preflightConfig } from '../core/preflight/preparePreflight';
import type { PreflightReport } from '../core/preflight/preflightTypes';
import { loadCliSettings } from './configFile';
import { configureLanguage, localize } from './localize';
import { toJsonConfigReport } from './output/jsonReport';
import { ChunkedOutput, ReportTally, sarifReportWriter } from './output/reportWriter';
import { displayPath } from './output/textReport';
import type { CliIo } from './cliIo';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './cliIo';
import { version } from './version';
import { enableColumnarSamples } from '../core/preflight/columnarSample';

// The CLI bundle has the columnar readers: the data checks sample Parquet / Arrow / CSV files too.
enableColumnarSamples();

export const PREFLIGHT_USAGE = `Usage: tunelab preflight <config> [options]

Checks a training run as a whole before any GPU time is spent: the config's findings, its
datasets, token lengths with the model's own tokenizer (records over cutoff_len / sequence_len
and what the trainer does with them) and the run plan (steps, warm-up, checkpoints, memory).
Nothing is downloaded: the tokenizer comes from the local model folder, the Hugging Face cache
or --tokenizer; without one, token figures are labelled estimates.

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on error|warning|never
                             exit with 1 when a finding is at least this severe (default: error)
  --tokenizer <path>         folder holding tokenizer.json (or the file itself)
  --gpus <n>                 GPUs per node the run uses (default: tunelab.config.gpu.count, 1)
  --nodes <n>                nodes the run uses (default: tunelab.config.gpu.nodes, 1)
  --gpu-memory <GiB>         memory of each GPU, for the fit (default: tunelab.config.gpu.memoryGB)
  --config <file>            settings as JSON, keys as in VS Code
  --lang <language>          message language, e.g. zh-cn (default: from LANG)
  -h, --help                 show this help
`;

export async function preflightCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      tokenizer: { type: 'string' },
      ...CLUSTER_OPTIONS,
      config: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(PREFLIGHT_USAGE);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError(`--fail-on must be error, warning or never, not '${failOn}'`);
  if (positionals.length !== 1) throw new UsageError('name one training config');
  const flags = clusterFlags(values);
  configureLanguage(values.lang, io.env);
  const { settings, unknownKeys } = await loadCliSettings(values.config);
  for (const key of unknownKeys) io.stderr.write(`tunelab: warning: unknown setting "${key}" in ${values.config}\n`);

  const path = resolve(positionals[0]);
  const format_ = configFormatOf(path);
  if (!format_) throw new UsageError(`${positionals[0]}: a training config is a .yaml, .yml or .json file`);
  const cwd = process.cwd();
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let lastStage = '';
  const { check, report } = await preflightConfig({
    configPath: path,
    text,
    format: format_,
    settings,
    root: cwd,
    env: io.env,
    tokenizerPath: values.tokenizer ? resolve(values.tokenizer) : undefined,
    gpus: flags.gpus,
    nodes: flags.nodes,
    gpuMemoryGiB: flags.gpuMemoryGiB,
    signal: io.signal,
    progress: (stage, fraction) => {
      if (!io.stderr.isTTY) return;
      const label = `${localize(stage, [])}${fraction === undefined ? '' : ` ${Math.round(fraction * 100)}%`}`;
      if (label !== lastStage) io.stderr.write(`\r\x1b[K${label}`);
      lastStage = label;
    },
  });
  if (lastStage) io.stderr.write('\r\x1b[K');
  if (!report || !check.kind) {
    io.stderr.write(`tunelab: ${displayPath(path, cwd)}: ${localize(msg('not a training config TuneLab checks (LLaMA-Factory, TRL, Axolotl).'), [])}\n`);
    return EXIT_USAGE;
  }
  const output = new ChunkedOutput(io.stdout);
  const { entry, findings } = toJsonConfigReport({ ...check, kind: check.kind, findings: report.findings }, path, cwd);
  const jsonFindings = [...findings];
  if (format === 'text') await output.write(textReport(report, path, cwd));
  else if (format === 'json') {
    const sections = report.sections.map((s) => ({
      id: s.id,
      title: localize(s.title, []),
      lines: s.lines.map((l) => localize(l.message, l.args)),
      data: s.data,
    }));
    await output.write(
      `${JSON.stringify({ schemaVersion: 1, tool: { name: 'tunelab', version }, ...entry, findings: jsonFindings, blocking: report.blocking.length, sections }, null, 2)}\n`,
    );
  } else {
    const tally = new ReportTally();
    tally.file(entry);
    for (const f of jsonFindings) tally.finding(f.severity);
    const writer = sarifReportWriter(output, version, cwd);
    await writer.file(entry, jsonFindings);
    await writer.end(tally.totals());
  }
  await output.flush();
  if (failOn === 'never') return EXIT_OK;
  return report.findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** Findings one a line (as `check` prints them), then each section with its lines. */
export function textReport(report: PreflightReport, path: string, cwd: string): string {
  const shown = displayPath(path, cwd);
  const out: string[] = report.findings.map(
    (f) => `${shown}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.code} ${localize(f.message, f.args)}`,
  );
  const count = (severity: Severity) => report.findings.filter((f) => f.severity === severity).length;
  out.push(localize(msg('{0}: pre-flight, {1} errors, {2} warnings, {3} notes'), [shown, count('error'), count('warning'), count('info') + count('hint')]));
  for (const section of report.sections) {
    out.push('', `## ${localize(section.title, [])}`);
    for (const line of section.lines) out.push(`${line.detail ? '    ' : '  '}${localize(line.message, line.args)}`);
  }
  return `${out.join('\n')}\n`;
}
