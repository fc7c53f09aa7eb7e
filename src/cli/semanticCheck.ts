import type { AnalysisOptions } from '../core/dataset/analysisOptions';
import type { DatasetReport } from '../core/dataset/analysis/datasetReport';
import { fileSource } from '../core/dataset/reading/byteSource';
import { exactCopies, withSemanticFindings } from '../core/dataset/semantic/mergeFindings';
import { semanticDuplicateFindings } from '../core/dataset/semantic/semanticDuplicates';
import type { Settings } from '../core/settings/settings';
import { configuredSeverity } from '../shared/findings';
import type { CliIo } from './cliIo';
import type { EmbeddingsArgs } from './embeddingsOptions';
import { embeddingsFromArgs } from './embeddingsOptions';

/**
 * `tunelab check --semantic`: the semantic-duplicate pass on one checked JSON / JSON Lines file,
 * its findings joined to the lexical report. A failing endpoint fails the file with the
 * client's message (a wrong key, URL or model), like an unreadable file.
 */
export async function semanticPass(
  file: string,
  report: DatasetReport,
  args: EmbeddingsArgs,
  settings: Settings,
  options: AnalysisOptions,
  io: CliIo,
): Promise<DatasetReport> {
  const severity = configuredSeverity(options.severity, 'semantic-duplicate', 'info');
  if (!severity || report.summary.records === 0) return report;
  const { client, cache } = await embeddingsFromArgs(args, io.env);
  const source = await fileSource(file);
  try {
    const result = await semanticDuplicateFindings(source, {
      client,
      cache,
      threshold: settings['dataset.semanticDuplicateThreshold'],
      severity,
      skip: exactCopies(report),
      signal: io.signal,
    });
    return withSemanticFindings(report, result.findings);
  } finally {
    await source.close();
  }
}
