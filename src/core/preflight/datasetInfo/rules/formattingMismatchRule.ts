import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';
import { formatMismatch } from '../formatMismatch';

/** formatting says alpaca over conversation records, or sharegpt / openai over alpaca records. */
export const formattingMismatchRule: DatasetInfoRule = {
  codes: ['formatting-mismatch'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      const sampled = context.sampleOf(entry);
      const mismatch = sampled && formatMismatch(entry, sampled.sample);
      if (!sampled || !mismatch) continue;
      const range = entry.formatting.range;
      const records = sampled.sample.records;
      if (mismatch.kind === 'alpaca-on-messages') {
        const message = entry.formatting.written
          ? msg(
              'Dataset {0} is read as alpaca, but the first {1} records of {2} hold a list of messages in {3}: set formatting to sharegpt (and columns.messages to {3}).',
            )
          : msg(
              'Dataset {0} is read as alpaca (no formatting given), but the first {1} records of {2} hold a list of messages in {3}: add "formatting": "sharegpt" (and columns.messages {3}).',
            );
        findings.push(
          configFinding('formatting-mismatch', range, message, [entry.name, records, entry.fileName?.value ?? '', mismatch.found], { key: entry.name }),
        );
      } else {
        findings.push(
          configFinding(
            'formatting-mismatch',
            range,
            msg(
              'Dataset {0} is read as {1}, but the first {2} records of {3} have alpaca columns ({4}) and no list of messages: remove formatting (alpaca is the default).',
            ),
            [entry.name, entry.formatting.value, records, entry.fileName?.value ?? '', mismatch.found],
            { key: entry.name },
          ),
        );
      }
    }
    return findings;
  },
};
