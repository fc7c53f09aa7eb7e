import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import type { ConfigDataContext, ConfigDataRule } from '../configDataRule';

/** A dataset the config names whose local file is not on disk, shown at the name in the config too. */
export const datasetFileRule: ConfigDataRule = {
  codes: ['data-file-missing'],
  check(context: ConfigDataContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const ref of context.names) {
      const entry = context.info?.byName.get(ref.name);
      const facts = entry?.fileName && context.dataFiles.get(entry.fileName.value);
      if (!entry?.fileName || !facts || facts.exists) continue;
      findings.push(
        configFinding(
          'data-file-missing',
          ref.range,
          msg('Dataset {0} reads {1}, which does not exist ({2}): LLaMA-Factory stops with "File not found".'),
          [ref.name, entry.fileName.value, facts.path],
          { key: ref.key },
        ),
      );
    }
    return findings;
  },
};
