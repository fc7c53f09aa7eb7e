import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LexiconTerm } from '../text/termMatcher';
import type { AnalyzeOptions, DatasetReport } from './analysis/analyzeDataset';
import { analyzeDataset } from './analysis/analyzeDataset';
import type { AnalysisOptions } from './analysisOptions';
import { findDatasetInfoEntry } from './formats/datasetInfo';
import type { DatasetInfoEntry } from './formats/datasetInfo';
import { bundledTerms, readLexiconFile } from './lexicon/lexiconFile';
import { fileSource } from './reading/byteSource';

/** The bundled lexicon (unless turned off) plus every configured lexicon file. */
export async function loadLexicon(options: AnalysisOptions, baseDir = process.cwd()): Promise<LexiconTerm[]> {
  const terms = options.lexicon.useBundled ? bundledTerms() : [];
  for (const file of options.lexicon.files) terms.push(...(await readLexiconFile(join(baseDir, file))));
  return terms;
}

/** The entry of a `dataset_info.json` beside `datasetPath` that describes it, if any. */
export async function datasetInfoFor(datasetPath: string): Promise<DatasetInfoEntry | undefined> {
  let text: string;
  try {
    text = await readFile(join(dirname(datasetPath), 'dataset_info.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return findDatasetInfoEntry(JSON.parse(text.replace(/^\uFEFF/, '')), basename(datasetPath));
  } catch {
    return undefined; // a broken dataset_info.json is not this file's problem
  }
}

/** Analyses one dataset file with its dataset_info.json entry and the configured lexicons. */
export async function analyzeDatasetFile(
  path: string,
  analysis: AnalysisOptions,
  extra: Omit<AnalyzeOptions, 'analysis' | 'datasetInfo'> & { lexiconBaseDir?: string } = {},
): Promise<DatasetReport> {
  const [datasetInfo, terms] = await Promise.all([
    datasetInfoFor(path),
    extra.terms ? Promise.resolve(extra.terms) : loadLexicon(analysis, extra.lexiconBaseDir),
  ]);
  const source = await fileSource(path);
  try {
    return await analyzeDataset(source, { ...extra, analysis, datasetInfo, terms });
  } finally {
    await source.close();
  }
}
