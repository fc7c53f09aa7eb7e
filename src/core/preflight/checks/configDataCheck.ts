import { readFile } from 'node:fs/promises';
import { msg } from '../../../shared/messageTemplate';
import { checkConfigData } from '../configData/checkConfigData';
import { loadConfigDataFiles } from '../loadPreflightData';
import type { PreflightCheck } from '../preflightTypes';

/**
 * Config ↔ dataset_info.json ↔ data (unknown dataset names, missing files, the stage against
 * the data, the template against the model): the same findings the editor and `tunelab check`
 * show on a LLaMA-Factory config, so a launch is held by them too.
 */
export const configDataCheck: PreflightCheck = {
  id: 'config-data',
  async run(context) {
    const { check } = context;
    if (!check.kind.startsWith('llamafactory-') || check.document.syntaxErrors.length > 0) return { findings: [] };
    context.progress(msg('Matching datasets to dataset_info.json'));
    const text = (await readFile(context.configPath, 'utf8')).replace(/^\uFEFF/, '');
    const files = await loadConfigDataFiles(check.document, text, context.configPath, context.baseDirs[0]);
    return { findings: checkConfigData({ document: check.document, text, info: files.info, dataFiles: files.dataFiles, settings: context.settings }) };
  },
};
