import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';

/**
 * A local entry whose file_name is not on disk, or an entry that names no source at all:
 * LLaMA-Factory stops at load time ("File not found", or a KeyError on file_name).
 */
export const dataFileMissingRule: DatasetInfoRule = {
  codes: ['data-file-missing'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      if (entry.loadFrom === 'none') {
        findings.push(
          configFinding(
            'data-file-missing',
            entry.nameRange,
            msg('Dataset {0} names no file_name (nor a hub URL, script_url or cloud_file_name): LLaMA-Factory cannot load it.'),
            [entry.name],
            { key: entry.name },
          ),
        );
        continue;
      }
      const facts = entry.fileName && context.dataFiles.get(entry.fileName.value);
      if (entry.fileName && facts && !facts.exists) {
        findings.push(
          configFinding(
            'data-file-missing',
            entry.fileName.range,
            msg('{0} does not exist ({1}): LLaMA-Factory stops with "File not found".'),
            [entry.fileName.value, facts.path],
            { key: entry.name },
          ),
        );
      }
    }
    return findings;
  },
};
