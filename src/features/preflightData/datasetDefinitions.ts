import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { topLevelValues } from '../../core/config/document/configTree';
import { datasetNameAt, datasetNameRefs } from '../../core/preflight/configData/datasetNames';
import { parseDatasetInfo } from '../../core/preflight/datasetInfo/datasetInfoModel';
import { fileTypeOf } from '../../core/preflight/datasetInfo/dataFile';
import { loadDatasetInfo, resolveDatasetDir } from '../../core/preflight/loadPreflightData';
import { isDatasetInfoDocument, llamaFactoryConfig, projectRootOf } from './preflightDocuments';
import { toRange } from '../../platform/diagnostics';

/**
 * Go to definition: from a name in a config's dataset / eval_dataset to its entry in
 * dataset_info.json of dataset_dir, and from an entry's file_name to the data file (a folder's
 * first data file).
 */
export class DatasetDefinitionProvider implements vscode.DefinitionProvider {
  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const at = { line: position.line, column: position.character };
    if (isDatasetInfoDocument(document)) {
      const info = parseDatasetInfo(document.getText());
      const entry = info.entries.find((e) => e.fileName && contains(e.fileName.range, at));
      if (!entry?.fileName) return undefined;
      const target = await dataFileTarget(join(document.uri.fsPath, '..', entry.fileName.value));
      return target ? new vscode.Location(vscode.Uri.file(target), new vscode.Position(0, 0)) : undefined;
    }
    const config = llamaFactoryConfig(document);
    const ref = config && datasetNameAt(datasetNameRefs(config.document, config.text), at);
    if (!config || !ref) return undefined;
    const resolution = await resolveDatasetDir(topLevelValues(config.document), document.uri.fsPath, projectRootOf(document.uri));
    if (!resolution.dir) return undefined;
    const { path, info } = await loadDatasetInfo(resolution.dir);
    const entry = info.byName.get(ref.name);
    return entry && new vscode.Location(vscode.Uri.file(path), toRange(entry.nameRange));
  }
}

/** The file itself, or a folder's first file LLaMA-Factory would read. */
async function dataFileTarget(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return path;
  const files = (await readdir(path)).sort();
  const first = files.find((f) => fileTypeOf(f) !== undefined) ?? files[0];
  return first && join(path, first);
}

function contains(range: { start: { line: number; column: number }; end: { line: number; column: number } }, at: { line: number; column: number }): boolean {
  const after = at.line > range.start.line || (at.line === range.start.line && at.column >= range.start.column);
  const before = at.line < range.end.line || (at.line === range.end.line && at.column <= range.end.column);
  return after && before;
}
