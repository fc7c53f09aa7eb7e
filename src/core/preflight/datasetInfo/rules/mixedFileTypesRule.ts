import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import { fileTypeOf } from '../dataFile';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';

/**
 * file_name is a folder: LLaMA-Factory loads every file in it (hidden ones too) and stops
 * with "File types should be identical" unless all have the type of the first, and with
 * "Allowed file types" when that one has none. An empty folder fails as well.
 */
export const mixedFileTypesRule: DatasetInfoRule = {
  codes: ['mixed-file-types'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      const facts = entry.fileName && context.dataFiles.get(entry.fileName.value);
      if (!entry.fileName || !facts?.exists || !facts.isDirectory || !facts.files) continue;
      if (facts.files.length === 0) {
        findings.push(
          configFinding(
            'mixed-file-types',
            entry.fileName.range,
            msg('The folder {0} is empty: LLaMA-Factory finds no data file in it.'),
            [entry.fileName.value],
            { key: entry.name },
          ),
        );
        continue;
      }
      const groups = new Map<string, string[]>();
      for (const file of facts.files) {
        const type = fileTypeOf(file) ?? '?';
        groups.set(type, [...(groups.get(type) ?? []), file]);
      }
      if (groups.size === 1 && !groups.has('?')) continue;
      const described = [...groups]
        .map(([type, files]) => `${type === '?' ? 'other' : type}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`)
        .join('; ');
      findings.push(
        configFinding(
          'mixed-file-types',
          entry.fileName.range,
          msg('The files in {0} are not all of one type ({1}): LLaMA-Factory loads every file of the folder and stops with "File types should be identical".'),
          [entry.fileName.value, described],
          { key: entry.name },
        ),
      );
    }
    return findings;
  },
};
