import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConfigCheck } from '../core/config/checkConfig';
import { compareFindings } from '../shared/findings';
import type { ConfigFinding } from '../core/config/configFindings';
import { msg } from '../shared/messageTemplate';
import { checkConfigData } from '../core/preflight/configData/checkConfigData';
import type { DatasetInfoCheck } from '../core/preflight/datasetInfo/checkDatasetInfo';
import { checkDatasetInfo } from '../core/preflight/datasetInfo/checkDatasetInfo';
import { DATA_CONFIG, loadConfigDataFiles, loadDatasetInfoFiles } from '../core/preflight/loadPreflightData';
import type { Settings } from '../core/settings/settings';
import { localize } from './localize';
import { displayPath } from './output/textReport';
import { enableColumnarSamples } from '../core/preflight/columnarSample';

// The CLI bundle has the columnar readers: the data checks sample Parquet / Arrow / CSV files too.
enableColumnarSamples();

/** `tunelab check path/to/dataset_info.json` checks it against its data files instead of as a dataset. */
export function isDatasetInfoFile(path: string): boolean {
  return basename(path) === DATA_CONFIG;
}

/** dataset_info.json against the files beside it; the project is the current directory. */
export async function checkDatasetInfoFile(path: string, settings: Settings, cwd: string): Promise<DatasetInfoCheck> {
  const loaded = await loadDatasetInfoFiles(path, { projectRoot: cwd });
  return checkDatasetInfo({ info: loaded.info, dataFiles: loaded.dataFiles, usedNames: loaded.usedNames, settings });
}

/** A LLaMA-Factory config's findings with its config ↔ data findings merged in (other configs unchanged). */
export async function withConfigDataFindings<T extends ConfigCheck>(check: T, path: string, settings: Settings, cwd: string): Promise<T> {
  if (!check.kind?.startsWith('llamafactory-') || check.document.syntaxErrors.length > 0) return check;
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const files = await loadConfigDataFiles(check.document, text, path, cwd);
  const extra: ConfigFinding[] = checkConfigData({ document: check.document, text, info: files.info, dataFiles: files.dataFiles, settings });
  return extra.length ? { ...check, findings: [...check.findings, ...extra].sort(compareFindings) } : check;
}

export function formatDatasetInfoText(result: DatasetInfoCheck, path: string, cwd: string): string {
  const shown = displayPath(path, cwd);
  const lines = result.findings.map(
    (f) => `${shown}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.code} ${localize(f.message, f.args)}`,
  );
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  const local = result.info.entries.filter((e) => e.loadFrom === 'file').length;
  lines.push(
    localize(msg('{0}: dataset_info.json, {1} datasets ({2} local), {3} errors, {4} warnings, {5} notes'), [
      shown,
      result.info.entries.length,
      local,
      count('error'),
      count('warning'),
      count('info') + count('hint'),
    ]),
  );
  return `${lines.join('\n')}\n`;
}
